/** Tencent Cloud IM → Account (account_import, multiaccount_import, account_check, account_delete). */
import { timFixture } from '../../emulator';
import { expectSignedQuery, jsonOf, platformHarness, userIds } from '../../helpers/platform';

const h = platformHarness('tim');

describe('Account', () => {
	it('imports one account with nickname and avatar', async () => {
		const out = jsonOf(
			await h.run({
				resource: 'account',
				operation: 'importOne',
				userId: 'dave',
				additionalFields: { nick: 'Dave', faceUrl: 'https://example.com/d.png' },
			}),
		);
		const [call] = h.calls('im_open_login_svc/account_import');
		expectSignedQuery(call);
		expect(call.json).toEqual({ UserID: 'dave', Nick: 'Dave', FaceUrl: 'https://example.com/d.png' });
		expect(out).toEqual([{ UserID: 'dave', Nick: 'Dave', FaceUrl: 'https://example.com/d.png', imported: true }]);
		expect(h.emulator.tim.user(timFixture.sdkAppId, 'dave')?.Nick).toBe('Dave');
	});

	it('refuses a UserID over 32 bytes before calling Tencent', async () => {
		const result = await h.run({ resource: 'account', operation: 'importOne', userId: '用'.repeat(11) });
		expect(result.error?.message).toMatch(/at most 32 bytes/);
		expect(h.calls('im_open_login_svc/account_import')).toHaveLength(0);
	});

	it('imports 250 accounts in calls of at most 100 and merges FailAccounts', async () => {
		const ids = [...userIds(248, 'imp'), 'fail_one', 'fail_two'];
		const [out] = jsonOf(await h.run({ resource: 'account', operation: 'importMany', userIds: ids.join(', ') }));
		const bodies = h.bodies('im_open_login_svc/multiaccount_import');
		expect(bodies.map((b) => b.AccountList.length)).toEqual([100, 100, 50]);
		expect(bodies[0].AccountList[0]).toEqual({ UserID: 'imp0000' });
		expect(bodies.flatMap((b) => b.AccountList.map((a: { UserID: string }) => a.UserID))).toEqual(ids);
		expect(out).toMatchObject({ requested: 250, FailAccounts: ['fail_one', 'fail_two'], calls: 3 });
		expect(out.imported).toHaveLength(248);
	});

	it('takes {UserID, Nick, FaceUrl} objects by expression', async () => {
		await h.run(
			{ resource: 'account', operation: 'importMany', userIds: '={{ $json.accounts }}' },
			{ items: [{ json: { accounts: [{ UserID: 'erin', Nick: 'Erin' }, 'frank'] } }] },
		);
		expect(h.bodies('im_open_login_svc/multiaccount_import')[0].AccountList).toEqual([
			{ UserID: 'erin', Nick: 'Erin' },
			{ UserID: 'frank' },
		]);
	});

	it('checks 150 accounts in two calls, one item per account', async () => {
		const ids = [...userIds(149, 'chk', h.emulator), 'ghost'];
		const out = jsonOf(await h.run({ resource: 'account', operation: 'check', userIds: ids.join('\n') }));
		expect(h.bodies('im_open_login_svc/account_check').map((b) => b.CheckItem.length)).toEqual([100, 50]);
		expect(out).toHaveLength(150);
		expect(out[0]).toEqual({ UserID: 'chk0000', AccountStatus: 'Imported', imported: true, ResultCode: 0, ResultInfo: '' });
		expect(out[149]).toMatchObject({ UserID: 'ghost', AccountStatus: 'NotImported', imported: false });
	});

	it('deletes accounts and reports each one', async () => {
		const out = jsonOf(await h.run({ resource: 'account', operation: 'delete', userIds: 'alice, nobody' }));
		expect(h.bodies('im_open_login_svc/account_delete')[0]).toEqual({ DeleteItem: [{ UserID: 'alice' }, { UserID: 'nobody' }] });
		expect(out).toEqual([
			{ UserID: 'alice', deleted: true, ResultCode: 0, ResultInfo: '' },
			expect.objectContaining({ UserID: 'nobody', deleted: false, ResultCode: 70107 }),
		]);
		expect(h.emulator.tim.user(timFixture.sdkAppId, 'alice')).toBeUndefined();
	});
});
