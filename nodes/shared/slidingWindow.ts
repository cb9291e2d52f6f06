import { sleep } from 'n8n-workflow';

/**
 * Client-side mirror of a gateway that admits at most `perSecond` calls in ANY 1-second window (Alibaba's POP
 * gateway, the sandbox). `pace` spaces requests evenly, but an event-loop pause makes several late requests go
 * out together; exactly one second later the on-time ones then land in a window that still holds the bunch and
 * get throttled, each throttle wasting a slot. Recording the real send times and waiting until the window has
 * room avoids that. Process-wide per key, like `pace`; call it right before sending, after `pace`.
 */
const sent = new Map<string, number[]>();

const WINDOW_MS = 1000;

/**
 * `marginMs` widens the window to cover the variable delay between this call and the request's arrival. Returns a
 * function that takes the send back out of the window: a throttled request was not counted by the gateway either,
 * and counting it here would make a busy process hold itself back while the quota has room.
 */
export async function admitToWindow(key: string, perSecond: number, marginMs = 25): Promise<() => void> {
	if (!(perSecond > 0)) return () => undefined;
	const span = WINDOW_MS + marginMs;
	for (;;) {
		const now = Date.now();
		const times = (sent.get(key) ?? []).filter((at) => at > now - span);
		if (times.length < Math.floor(perSecond)) {
			times.push(now);
			sent.set(key, times);
			return () => {
				const current = sent.get(key) ?? [];
				const at = current.indexOf(now);
				if (at >= 0) current.splice(at, 1);
			};
		}
		sent.set(key, times);
		await sleep(times[0] + span - now + 1);
	}
}
