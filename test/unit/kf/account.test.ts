/** WeChat KF → Account against the emulator: add (avatar uploaded in the same step), update, delete, list, contact link. */
import { NodeApiError } from 'n8n-workflow';
import { kfFixture } from '../../emulator';
import { binaryItem, jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('kf');
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const account = (operation: string, parameters: Record<string, unknown> = {}) => ({ resource: 'account', operation, ...parameters });

describe('Account', () => {
	it('adds an account with the avatar uploaded from the workflow, and lists it', async () => {
		const [added] = jsonOf(await h.run(account('add', { name: '新客服', avatarSource: 'binaryData' }), { items: [binaryItem(PNG, 'avatar.png', 'image/png')] }));
		expect(added).toMatchObject({ open_kfid: expect.stringMatching(/^wk/), name: '新客服', media_id: expect.any(String) });
		expect(h.calls('/cgi-bin/media/upload')[0].query.type).toBe('image');
		expect(h.bodies('/cgi-bin/kf/account/add')).toEqual([{ name: '新客服', media_id: added.media_id }]);
		const list = jsonOf(await h.run(account('list', { returnAll: true })));
		expect(list.map((a) => a.name)).toEqual(['模拟客服', '售后客服', '新客服']);
	});

	it('refuses a name over 16 characters before calling WeChat', async () => {
		const result = await h.run(account('add', { name: '一二三四五六七八九十一二三四五六七', avatarSource: 'mediaId', avatarMediaId: 'x' }));
		expect(result.error?.message).toBe('Name: at most 16 characters, got 17');
		expect(h.calls('/cgi-bin/kf/account/add')).toHaveLength(0);
	});

	it('lists with Limit, asking for no more than wanted', async () => {
		const list = jsonOf(await h.run(account('list', { limit: 1 })));
		expect(list).toEqual([{ open_kfid: kfFixture.openKfId, name: '模拟客服', avatar: expect.any(String), manage_privilege: true }]);
		expect(h.bodies('/cgi-bin/kf/account/list')).toEqual([{ offset: 0, limit: 1 }]);
	});

	it('Return All pages by offset, 100 at a time, until a short page', async () => {
		const corp = h.emulator.kf.corp();
		for (let n = 0; n < 150; n++) {
			const id = `wkExtraAccount${String(n).padStart(6, '0')}`;
			corp.accounts.set(id, { ...corp.accounts.get(kfFixture.openKfId)!, open_kfid: id, name: `客服${n}` });
		}
		const list = jsonOf(await h.run(account('list', { returnAll: true })));
		expect(list).toHaveLength(152);
		expect(h.bodies('/cgi-bin/kf/account/list')).toEqual([
			{ offset: 0, limit: 100 },
			{ offset: 100, limit: 100 },
		]);
	});

	it('updates the name, and refuses an update with nothing to change', async () => {
		expect(jsonOf(await h.run(account('update', { openKfId: kfFixture.openKfId, name: '改个名' })))).toEqual([
			{ open_kfid: kfFixture.openKfId, name: '改个名', updated: true },
		]);
		expect(h.emulator.kf.corp().accounts.get(kfFixture.openKfId)?.name).toBe('改个名');
		const nothing = await h.run(account('update', { openKfId: kfFixture.openKfId }));
		expect(nothing.error?.message).toBe('Nothing to change: give a Name or turn on Change Avatar');
	});

	it('deletes an account; deleting it again names the missing open_kfid', async () => {
		expect(jsonOf(await h.run(account('delete', { openKfId: kfFixture.secondOpenKfId })))).toEqual([{ open_kfid: kfFixture.secondOpenKfId, deleted: true }]);
		const again = await h.run(account('delete', { openKfId: kfFixture.secondOpenKfId }));
		expect((again.error as NodeApiError).message).toMatch(/95004/);
		expect((again.error as NodeApiError).description).toMatch(/does not exist/);
	});

	it('gets the contact link with a scene, and refuses a scene WeChat would not take', async () => {
		const [link] = jsonOf(await h.run(account('getContactLink', { openKfId: kfFixture.openKfId, scene: 'spring_sale' })));
		expect(link).toEqual({ open_kfid: kfFixture.openKfId, scene: 'spring_sale', url: expect.stringMatching(/^https:\/\/work\.weixin\.qq\.com\/kfid\//) });
		const bad = await h.run(account('getContactLink', { openKfId: kfFixture.openKfId, scene: '春季' }));
		expect(bad.error?.message).toMatch(/^Scene: at most 32 characters/);
	});
});
