/**
 * nodes/shared/pacer.ts: the sliding-window lanes (per identity and API, adaptive; per recipient,
 * fixed) with explicit times, then the pacer in front of a platform that limits calls per second.
 */
import type { LaneSpec } from '../../../nodes/shared/pacer';
import { MIN_RATE, PaceWaitTooLong, Pacer, laneSpecs, pacer } from '../../../nodes/shared/pacer';
import { retryPolicy } from '../../../nodes/shared/request';
import { TIM_CALLS_PER_SECOND, timDialect } from '../../../nodes/TencentCloudIm/transport';
import { weComDialect } from '../../../nodes/WeCom/transport';
import { jsonOf, platformHarness, userIds } from '../../helpers/platform';

const api = (calls: number, perMs = 1000): LaneSpec => ({ key: 'api', limits: [{ calls, perMs }], adaptive: true });
const member = (key: string, calls = 30, perMs = 60000): LaneSpec => ({ key, limits: [{ calls, perMs, what: 'messages a minute to one member' }], adaptive: false });
/** The slot times of `n` calls reserved at `now` on the given lanes. */
const times = (p: Pacer, n: number, specs: LaneSpec[], now = 0) => Array.from({ length: n }, () => p.reserve(specs, now).at);

describe('lanes', () => {
	it('lets N calls through in any window and gives the next one the slot the oldest one frees', () => {
		const p = new Pacer();
		expect(times(p, 5, [api(3)], 1000)).toEqual([1000, 1000, 1000, 2000, 2000]);
		// A window is any 1000 ms: at 2500 it holds the two calls of 2000, so one more may go now.
		expect(times(p, 2, [api(3)], 2500)).toEqual([2500, 3000]);
	});

	it('keeps every limit of a lane (per minute and per hour)', () => {
		const p = new Pacer();
		const spec: LaneSpec = { key: 'm', limits: [{ calls: 2, perMs: 60000 }, { calls: 3, perMs: 3600000 }], adaptive: false };
		expect(times(p, 4, [spec])).toEqual([0, 0, 60000, 3600000]);
	});

	it('reserves one slot that every lane of a call allows (the API and each recipient)', () => {
		const p = new Pacer();
		times(p, 2, [member('user:a', 2)]);
		// user:a is full until 60 s; the API lane has room, but the call needs both.
		expect(p.reserve([api(100), member('user:a', 2)], 10).at).toBe(60000);
		expect(p.reserve([api(100), member('user:b', 2)], 10).at).toBe(60000);
	});

	it('refuses a slot further away than the longest wait, naming the limit', () => {
		const p = new Pacer();
		times(p, 30, [member('user:a')]);
		const error = p.reserve([member('user:a')], 1000, 30000) as PaceWaitTooLong;
		expect(error).toBeInstanceOf(PaceWaitTooLong);
		expect(error.waitMs).toBe(59000);
		expect(error.rule).toBe('at most 30 messages a minute to one member');
		// The refused call took no slot.
		expect(p.reserve([member('user:a')], 60000).at).toBe(60000);
	});
});

describe('adapting to rate-limit answers', () => {
	it('caps a lane below its nominal rate, then to 70 % per round of answers, down to a quarter of it', () => {
		const p = new Pacer();
		// 400 calls in the first second of a lane whose documented limit is 1000 a second.
		const round = Array.from({ length: 400 }, (_, k) => p.reserve([api(1000)], Math.floor(k / 2)));
		for (const slot of round) p.rateLimited(slot, 300);
		// Four hundred answers for calls reserved before the cap: one decrease, from its nominal rate
		// (more than it sent), to 70 %.
		expect(p.rate('api')).toBe(700);
		// A call reserved under the cap and refused: the next round, 70 % again.
		p.rateLimited(p.reserve([api(1000)], 400), 500);
		expect(p.rate('api')).toBeCloseTo(490);
		for (let k = 0; k < 10; k++) p.rateLimited(p.reserve([api(1000)], 600 + k), 600 + k);
		expect(p.rate('api')).toBe(250);
	});

	it('caps just below the most the platform accepted in a second; a refusal under that lowers it by 2 %', () => {
		const p = new Pacer();
		// A lane in use for a while: 600 calls in the second from 2000 ms on; the platform accepts
		// 200 of them and refuses the rest.
		p.answered(p.reserve([api(1000)], 0), 20);
		const round = Array.from({ length: 600 }, (_, k) => p.reserve([api(1000)], 2000 + Math.floor(k / 2)));
		round.slice(0, 200).forEach((slot, k) => p.answered(slot, 2020 + k));
		p.rateLimited(round[200], 2300);
		expect(p.rate('api')).toBe(196);
		// Refused again at that cap (the platform counts a little differently): 2 % lower.
		p.rateLimited(p.reserve([api(1000)], 3500), 3500);
		expect(p.rate('api')).toBeCloseTo(192.08);
		// Ten seconds on the peak no longer stands for the limit; with nothing accepted meanwhile, 70 %.
		p.rateLimited(p.reserve([api(1000)], 14000), 14000);
		expect(p.rate('api')).toBeCloseTo(192.08 * 0.7);
	});

	it('in its first second, a lane takes what was accepted as the least the platform allows', () => {
		const p = new Pacer();
		const round = Array.from({ length: 40 }, () => p.reserve([api(200)], 0));
		round.slice(0, 10).forEach((slot) => p.answered(slot, 5));
		p.rateLimited(round[10], 10);
		// Ten accepted in 10 ms says little: 70 % of the nominal 200.
		expect(p.rate('api')).toBe(140);
		// 216 sent and 200 accepted within 300 ms: at least 200 a second go through.
		const burst = new Pacer();
		const sent = Array.from({ length: 216 }, (_, k) => burst.reserve([api(10000, 60000)], Math.floor(k * 1.4)));
		sent.slice(0, 200).forEach((slot, k) => burst.answered(slot, 20 + Math.floor(k * 1.4)));
		burst.rateLimited(sent[200], 300);
		expect(burst.rate('api')).toBe(196);
	});

	it('caps from what it sent when that is more than its nominal rate, and never below MIN_RATE', () => {
		const p = new Pacer();
		// A per-minute limit (nominal 10 a second) lets 40 go in the first second.
		const round = Array.from({ length: 40 }, () => p.reserve([api(600, 60000)], 0));
		p.rateLimited(round[39], 10);
		expect(p.rate('api')).toBe(28);
		const robot = new Pacer();
		robot.rateLimited(robot.reserve([api(20, 60000)], 0), 0);
		expect(robot.rate('api')).toBe(MIN_RATE);
	});

	it('paces at the cap, then raises it a step per quiet second until it is lifted', () => {
		const p = new Pacer();
		const round = Array.from({ length: 40 }, () => p.reserve([api(600, 60000)], 0));
		p.rateLimited(round[0], 10);
		expect(p.rate('api')).toBe(28);
		// 28 a second now, counting the 40 calls of the last second: the next waits for them to leave it.
		expect(p.reserve([api(1000)], 20).at).toBe(1000);
		// An answer within a second of the decrease changes nothing; after it, a step of a tenth of the 40.
		p.answered(p.reserve([api(1000)], 1005), 500);
		expect(p.rate('api')).toBe(28);
		p.answered(p.reserve([api(1000)], 1100), 1100);
		expect(p.rate('api')).toBe(32);
		for (let second = 2; second < 40; second++) p.answered(p.reserve([api(1000)], second * 1000 + 200), second * 1000 + 200);
		expect(p.rate('api')).toBe(Infinity);
	});

	it('gives a recipient its slot back when the call was refused, and does not adapt its limit', () => {
		const p = new Pacer();
		const slots = Array.from({ length: 30 }, () => p.reserve([api(1000), member('user:a')], 0));
		p.rateLimited(slots[29], 5);
		expect(p.rate('user:a')).toBe(Infinity);
		expect(p.reserve([member('user:a')], 10).at).toBe(10);
		p.unused(slots[0]);
		expect(p.reserve([member('user:a')], 20).at).toBe(20);
		expect(p.reserve([member('user:a')], 20).at).toBe(60000);
	});
});

describe('the dialects’ limits', () => {
	const wecom = { corpId: 'ww1', corpSecret: 'the-app-secret', baseUrl: 'http://x' };

	it('WeCom: 10,000 calls a minute per API; message/send instead 30 a minute and 1000 an hour to each member', () => {
		const lanes = laneSpecs('WeCom', weComDialect.pacing, wecom, { path: '/cgi-bin/message/send', recipients: ['user:a', 'party:2', 'user:a'] });
		expect(lanes.map((lane) => [lane.adaptive, lane.limits.map((l) => [l.calls, l.perMs])])).toEqual([
			[true, []],
			[false, [[30, 60000], [1000, 3600000]]],
			[false, [[30, 60000], [1000, 3600000]]],
		]);
		const list = laneSpecs('WeCom', weComDialect.pacing, wecom, { path: '/cgi-bin/tag/list', recipients: ['user:a'] });
		expect(list.map((lane) => lane.limits.map((l) => [l.calls, l.perMs]))).toEqual([[[10000, 60000], [150000, 3600000]]]);
		// Keys are per app: another secret is another app.
		const other = laneSpecs('WeCom', weComDialect.pacing, { ...wecom, corpSecret: 'another-secret' }, { path: '/cgi-bin/message/send' });
		expect(other[0].key).not.toBe(lanes[0].key);
		expect(lanes.map((lane) => lane.key).join()).not.toContain(wecom.corpSecret);
	});

	it('Tencent: Max Calls per Second per API and SDKAppID, the documented 200 unless the user set another', () => {
		const credentials = { sdkAppId: '1400000000', dataCenter: 'console.tim.qq.com' };
		const [lane] = laneSpecs('Tencent Cloud IM', timDialect.pacing, credentials, { path: '/v4/openim/sendmsg', maxPerSecond: 50 });
		expect(lane.limits.map((l) => [l.calls, l.perMs])).toEqual([[50, 1000]]);
		// An app whose limit Tencent raised: the node goes above the default.
		const [raised] = laneSpecs('Tencent Cloud IM', timDialect.pacing, credentials, { path: '/v4/openim/sendmsg', maxPerSecond: 1000 });
		expect(raised.limits.map((l) => [l.calls, l.perMs])).toEqual([[1000, 1000]]);
		expect(TIM_CALLS_PER_SECOND).toBe(200);
	});
});

describe('in front of a platform that limits calls per second', () => {
	const h = platformHarness('tim');
	afterEach(() => Object.assign(retryPolicy, { rateLimitBudgetMs: undefined }));

	it('settles near the limit Tencent enforces, with every message delivered once', async () => {
		const limit = 50;
		const users = userIds(50, 'p', h.emulator);
		const count = 150;
		h.emulator.rateLimitPerSecond('tim', limit, { path: '/v4/openim/sendmsg' });
		const started = Date.now();
		const result = await h.run(
			{ resource: 'message', operation: 'sendOne', toAccount: '={{ $json.to }}', messageType: 'text', text: '={{ $json.t }}' },
			{ items: Array.from({ length: count }, (_, k) => ({ json: { to: users[k % users.length], t: `m${k}` } })) },
		);
		const seconds = (Date.now() - started) / 1000;
		expect(jsonOf(result)).toHaveLength(count);
		const report = h.emulator.deliveries({ platform: 'tim' });
		expect(report.deliveries).toBe(count);
		expect(report.duplicateDeliveries).toBe(0);
		const calls = h.calls('openim/sendmsg');
		const refused = calls.filter((c) => (c.responseBody as { ErrorCode?: number }).ErrorCode === 60007).length;
		const rate = count / seconds;
		// Near the limit (measured 88-92 % of it), and refused calls a minority, mostly in the first
		// second, before the first answers capped the lane (measured ≈ 30 % of all calls).
		const share = refused / calls.length;
		// One object, so that a failure shows the numbers.
		// At most `limit` in any second: a run of `seconds` can deliver limit × (seconds + 1) at most.
		const ceiling = limit * (1 + 1 / seconds);
		expect({ nearLimit: rate > limit * 0.5 && rate <= ceiling * 1.05, fewRefused: share < 0.45, rate, share, ceiling }).toEqual({
			rate: expect.any(Number),
			share: expect.any(Number),
			ceiling: expect.any(Number),
			nearLimit: true,
			fewRefused: true,
		});
		const key = laneSpecs('Tencent Cloud IM', timDialect.pacing, h.credentials('tencentCloudImApi'), { path: '/v4/openim/sendmsg' })[0].key;
		expect(pacer.rate(key)).toBeLessThan(TIM_CALLS_PER_SECOND);
	});
});
