// The autoplay rule cannot be observed in headless Chromium (its contexts start running),
// so a fake context stands in: it refuses resume() until a gesture has happened.
import { describe, expect, it } from "vitest";
import { resumeOnUserGesture } from "../../src/browser/resume-on-user-gesture.js";

class FakeContext extends EventTarget {
  state: AudioContextState = "suspended";
  allowed = false;
  resumeCalls = 0;
  resume(): Promise<void> {
    this.resumeCalls++;
    if (!this.allowed) return Promise.reject(new DOMException("not allowed", "NotAllowedError"));
    this.state = "running";
    this.dispatchEvent(new Event("statechange"));
    return Promise.resolve();
  }
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));
const asContext = (fake: FakeContext): AudioContext => fake as unknown as AudioContext;

describe("resumeOnUserGesture", () => {
  it("tries once at once, then resumes on the first gesture and stops listening", async () => {
    const context = new FakeContext();
    const target = new EventTarget();
    resumeOnUserGesture(asContext(context), target);
    await flush();
    expect(context.resumeCalls).toBe(1);
    expect(context.state).toBe("suspended");
    context.allowed = true;
    target.dispatchEvent(new Event("keydown"));
    await flush();
    expect(context.state).toBe("running");
    target.dispatchEvent(new Event("pointerdown"));
    expect(context.resumeCalls).toBe(2);
  });

  it("keeps listening after a refused resume", async () => {
    const context = new FakeContext();
    const target = new EventTarget();
    resumeOnUserGesture(asContext(context), target);
    target.dispatchEvent(new Event("pointerdown"));
    await flush();
    expect(context.state).toBe("suspended");
    context.allowed = true;
    target.dispatchEvent(new Event("touchend"));
    await flush();
    expect(context.state).toBe("running");
  });

  it("does nothing for a running context and stops early when its disposer is called", async () => {
    const running = new FakeContext();
    running.state = "running";
    resumeOnUserGesture(asContext(running), new EventTarget());
    expect(running.resumeCalls).toBe(0);
    const context = new FakeContext();
    const target = new EventTarget();
    const stop = resumeOnUserGesture(asContext(context), target);
    stop();
    context.allowed = true;
    target.dispatchEvent(new Event("click"));
    expect(context.resumeCalls).toBe(1);
  });

  it("rejects a context without resume() and a target that is not an EventTarget with TypeError", () => {
    expect(() => resumeOnUserGesture({} as AudioContext, new EventTarget())).toThrow(TypeError);
    expect(() => resumeOnUserGesture(asContext(new FakeContext()), {} as EventTarget)).toThrow(/target/);
  });
});
