/** WeCom → User (user/get, user/list_id with paging, convert_to_openid / convert_to_userid). */
import { NodeApiError } from 'n8n-workflow';
import { wecomFixture } from '../../emulator';
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('wecom');
const user = (operation: string, parameters: Record<string, unknown> = {}) => ({ resource: 'user', operation, ...parameters });
const LIST = '/cgi-bin/user/list_id';

// A second corp with 20,001 members, so Return All needs three pages (10,000 + 10,000 + 1).
const BIG = { corpId: 'ww_big_corp', corpSecret: 'big-corp-secret-0000000000000000', agentId: 1000009 };
const BIG_ROWS = 20_001;

beforeAll(() => {
	h.emulator.wecom.addApp({
		...BIG,
		token: 'BigToken',
		encodingAesKey: wecomFixture.encodingAesKey,
		users: Array.from({ length: BIG_ROWS }, (_, n) => `m${String(n).padStart(5, '0')}`),
	});
});

const bigCorp = { corpId: BIG.corpId, corpSecret: BIG.corpSecret, agentId: String(BIG.agentId) };

describe('User → Get', () => {
	it('gets a member by user ID', async () => {
		const result = await h.run(user('get', { userId: 'user01' }));
		expect(h.calls('/cgi-bin/user/get').map((c) => c.query.userid)).toEqual(['user01']);
		expect(jsonOf(result)).toEqual([
			{ userid: 'user01', name: '测试成员01', department: [2, 3], position: '', status: 1, main_department: 2 },
		]);
	});
});

describe('User → List IDs', () => {
	it('returns one item per user and department, up to the limit, in one call', async () => {
		const result = await h.run(user('listIds', { returnAll: false, limit: 3 }));
		expect(h.bodies(LIST)).toEqual([{ limit: 3 }]);
		expect(jsonOf(result)).toEqual([
			{ userid: 'user01', department: 2 },
			{ userid: 'user01', department: 3 },
			{ userid: 'user02', department: 2 },
		]);
		expect(result.items[0].every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Return All follows next_cursor over several pages until it is empty', async () => {
		const result = await h.run(user('listIds', { returnAll: true }), { credentials: { weComApi: bigCorp } });
		const calls = h.calls(LIST);
		expect(calls).toHaveLength(3);
		const bodies = calls.map((c) => c.json as Record<string, unknown>);
		expect(bodies[0]).toEqual({ limit: 10000 });
		expect(bodies[1]).toEqual({ limit: 10000, cursor: expect.any(String) });
		expect(bodies[2]).toEqual({ limit: 10000, cursor: expect.any(String) });
		expect(bodies[2].cursor).not.toBe(bodies[1].cursor);
		// Each page asked with the cursor the previous page answered.
		expect(bodies[1].cursor).toBe((calls[0].responseBody as Record<string, unknown>).next_cursor);
		expect(bodies[2].cursor).toBe((calls[1].responseBody as Record<string, unknown>).next_cursor);
		expect((calls[2].responseBody as Record<string, unknown>).next_cursor).toBe('');
		const out = result.items[0];
		expect(out).toHaveLength(BIG_ROWS);
		expect(out[0].json).toEqual({ userid: 'm00000', department: 1 });
		expect(out[BIG_ROWS - 1].json).toEqual({ userid: 'm20000', department: 1 });
	});

	it('a limit above one page asks the next page only for what is missing', async () => {
		const result = await h.run(user('listIds', { returnAll: false, limit: 10005 }), { credentials: { weComApi: bigCorp } });
		const bodies = h.bodies(LIST) as Array<Record<string, unknown>>;
		expect(bodies).toEqual([{ limit: 10000 }, { limit: 5, cursor: expect.any(String) }]);
		expect(result.items[0]).toHaveLength(10005);
	});
});

describe('User → Convert', () => {
	it('converts a user ID to an openid and back', async () => {
		const toOpen = await h.run(user('convertToOpenId', { userId: 'user05' }));
		const [converted] = jsonOf(toOpen) as Array<Record<string, unknown>>;
		expect(h.bodies('/cgi-bin/user/convert_to_openid')).toEqual([{ userid: 'user05' }]);
		expect(converted).toEqual({ userid: 'user05', openid: h.emulator.wecom.openidOf(wecomFixture.corpId, 'user05') });

		const back = await h.run(user('convertToUserId', { openId: converted.openid }));
		expect(h.bodies('/cgi-bin/user/convert_to_userid')).toEqual([{ openid: converted.openid }]);
		expect(jsonOf(back)).toEqual([{ openid: converted.openid, userid: 'user05' }]);
	});
});

describe('User: errors', () => {
	it('an unknown user is a NodeApiError naming errcode 60111, without the token', async () => {
		const result = await h.run(user('get', { userId: 'ghost' }));
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(result.error?.message).toContain('60111');
		const text = JSON.stringify({ m: result.error?.message, d: result.error?.description, c: (result.error as NodeApiError).context });
		for (const token of h.tokensSent()) expect(text).not.toContain(token);
	});
});
