import { describe, expect, it } from "vitest";
import { PlaybackTimeline } from "../../../src/audio/playback-timeline.js";

function clock() {
  let now = 1000;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("PlaybackTimeline", () => {
  it("advances the head with the clock while audio is queued, and stops at the end", () => {
    const c = clock();
    const t = new PlaybackTimeline(c.now);
    t.append("a", 0, 300);
    c.advance(120);
    expect(t.playedMs("a")).toBe(120);
    expect(t.playing).toBe(true);
    c.advance(1000);
    expect(t.playedMs("a")).toBe(300);
    expect(t.playing).toBe(false);
  });

  it("restarts the head at new audio after an underrun instead of counting the gap", () => {
    const c = clock();
    const t = new PlaybackTimeline(c.now);
    t.append("a", 0, 100);
    c.advance(500);
    t.append("a", 0, 100);
    c.advance(40);
    expect(t.playedMs("a")).toBe(140);
  });

  it("plays items back to back and counts each one's own time", () => {
    const c = clock();
    const t = new PlaybackTimeline(c.now);
    t.append("a", 0, 200);
    t.append("b", 0, 200);
    c.advance(250);
    expect(t.playedMs("a")).toBe(200);
    expect(t.playedMs("b")).toBe(50);
  });

  it("clears at the head, reports what the listener heard of the playing item, and drops the rest", () => {
    const c = clock();
    const t = new PlaybackTimeline(c.now);
    t.append("a", 0, 100);
    t.append("a", 0, 400);
    c.advance(180);
    expect(t.clear()).toEqual({ itemId: "a", contentIndex: 0, playedMs: 180, queuedMs: 500 });
    expect(t.playing).toBe(false);
    c.advance(1000);
    expect(t.playedMs("a")).toBe(180);
    expect(t.clear()).toBeUndefined();
  });

  it("keeps the totals of long items exact after folding played segments", () => {
    const c = clock();
    const t = new PlaybackTimeline(c.now);
    for (let i = 0; i < 100; i++) {
      t.append("a", 0, 20);
      c.advance(20);
      t.append("b", 0, 20);
      c.advance(20);
    }
    expect(t.playedMs("a")).toBe(2000);
    expect(t.playedMs("b")).toBe(2000);
  });
});
