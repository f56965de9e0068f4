import { describe, expect, it } from '@jest/globals';
import { backoffDelay, retry, systemClock, type Clock } from '../../src/util/retry.js';

/** A clock that never waits: it records each sleep and moves its time on by it. */
function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => t,
    sleep: (ms) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
  };
}

describe('retry', () => {
  it('retries what is worth retrying, waiting the backoff between attempts, and returns the first success', async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await retry(
      (attempt) => {
        calls++;
        return attempt < 4 ? Promise.reject(new Error(`try ${attempt}`)) : Promise.resolve('done');
      },
      { attempts: 5, shouldRetry: () => true, delayMs: (_e, a) => backoffDelay(a, 100, 250), clock },
    );
    expect(value).toBe('done');
    expect(calls).toBe(4);
    expect(clock.slept).toEqual([100, 200, 250]);
    expect(clock.now()).toBe(550);
  });

  it('throws the last failure when the attempts are used up, and a failure not worth retrying at once', async () => {
    const clock = fakeClock();
    await expect(
      retry((a) => Promise.reject(new Error(`try ${a}`)), {
        attempts: 3,
        shouldRetry: () => true,
        delayMs: () => 1,
        clock,
      }),
    ).rejects.toThrow('try 3');
    expect(clock.slept).toEqual([1, 1]);
    await expect(
      retry((a) => Promise.reject(new Error(`fatal ${a}`)), {
        attempts: 9,
        shouldRetry: () => false,
        delayMs: () => 1,
        clock,
      }),
    ).rejects.toThrow('fatal 1');
  });

  it('stops waiting when the signal aborts, and throws the failure before it', async () => {
    const controller = new AbortController();
    const clock: Clock = {
      now: () => 0,
      sleep: () => {
        controller.abort();
        return Promise.resolve();
      },
    };
    await expect(
      retry((a) => Promise.reject(new Error(`try ${a}`)), {
        attempts: 9,
        shouldRetry: () => true,
        delayMs: () => 1_000,
        clock,
        signal: controller.signal,
      }),
    ).rejects.toThrow('try 1');
  });

  it("the system clock's sleep resolves early when the signal aborts", async () => {
    const controller = new AbortController();
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort();
    await expect(sleeping).resolves.toBeUndefined();
    await expect(systemClock.sleep(0)).resolves.toBeUndefined();
  });
});
