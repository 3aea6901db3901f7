import type { WebSocket } from "ws";

/**
 * Pings `socket` every `intervalMs`; when a whole interval passes with no pong and no
 * message while the socket is being read, calls `onDead` once. Returns the stop function.
 * `0` disables it. The timer never keeps the process alive.
 */
export function keepAlive(socket: WebSocket, intervalMs: number, isReading: () => boolean, onDead: () => void): () => void {
  if (intervalMs === 0) return () => {};
  let alive = true;
  const mark = () => {
    alive = true;
  };
  socket.on("pong", mark);
  socket.on("message", mark);
  const timer = setInterval(() => {
    // A paused socket is not read, so its pongs cannot arrive; that is not a dead peer.
    if (!alive && isReading()) {
      stop();
      onDead();
      return;
    }
    alive = false;
    try {
      socket.ping();
    } catch {
      // Not open any more: the close handler stops the timer.
    }
  }, intervalMs);
  timer.unref();
  function stop(): void {
    clearInterval(timer);
    socket.off("pong", mark);
    socket.off("message", mark);
  }
  return stop;
}
