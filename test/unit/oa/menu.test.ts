/**
 * Menu (create from fields or JSON, get, delete) and QR Code (create temporary or permanent with a
 * scene, the image as binary data from showqrcode, which takes no token).
 */
import { readBinary } from '../../helpers/env';
import { jsonOf, platformHarness } from '../../helpers/platform';

const h = platformHarness('oa');
const menu = (parameters: Record<string, unknown>) => h.run({ resource: 'menu', ...parameters });
const qr = (parameters: Record<string, unknown>) => h.run({ resource: 'qrCode', ...parameters });
const rows = (...buttons: Array<Record<string, unknown>>) => ({ button: buttons });

describe('Menu', () => {
	it('creates a menu from rows (a sub-menu and its buttons), then gets and deletes it', async () => {
		const created = await menu({
			operation: 'create',
			buttons: rows(
				{ name: '今日歌曲', type: 'click', key: 'V1001_TODAY_MUSIC' },
				{ name: '菜单', type: 'submenu' },
				{ name: '搜索', type: 'view', url: 'http://www.soso.com/', parent: '菜单' },
				{ name: 'wxa', type: 'miniprogram', url: 'http://mp.weixin.qq.com', appId: 'wx286b93c14bbf93aa', pagePath: 'pages/lunar/index', parent: '菜单' },
				{ name: '扫码', type: 'scancode_push', key: 'rselfmenu_0_1', parent: '菜单' },
			),
		});
		const expected = [
			{ type: 'click', name: '今日歌曲', key: 'V1001_TODAY_MUSIC' },
			{
				name: '菜单',
				sub_button: [
					{ type: 'view', name: '搜索', url: 'http://www.soso.com/' },
					{ type: 'miniprogram', name: 'wxa', url: 'http://mp.weixin.qq.com', appid: 'wx286b93c14bbf93aa', pagepath: 'pages/lunar/index' },
					{ type: 'scancode_push', name: '扫码', key: 'rselfmenu_0_1' },
				],
			},
		];
		expect(jsonOf(created)).toEqual([{ button: expected }]);
		expect(h.bodies('/cgi-bin/menu/create')).toEqual([{ button: expected }]);
		const [got] = jsonOf(await menu({ operation: 'get' }));
		expect(got).toEqual({
			is_menu_open: 1,
			selfmenu_info: { button: [expected[0], { name: '菜单', sub_button: { list: expected[1].sub_button } }] },
		});
		expect(jsonOf(await menu({ operation: 'delete' }))).toEqual([{ deleted: true }]);
		expect(h.emulator.oa.menu()).toBeUndefined();
	});

	it('creates a menu from JSON, as WeChat takes it', async () => {
		const button = [{ type: 'click', name: '帮助', key: 'HELP' }];
		expect((await menu({ operation: 'create', menuSource: 'json', menuJson: JSON.stringify({ button }) })).error).toBeUndefined();
		expect(h.emulator.oa.menu()).toEqual(button);
	});

	it.each([
		['four top-level buttons', rows(...[1, 2, 3, 4].map((n) => ({ name: `b${n}`, type: 'click', key: `K${n}` }))), 'Buttons: 1 to 3 top-level buttons, got 4'],
		['a name over 16 bytes', rows({ name: '这是一个很长的菜单名', type: 'click', key: 'K' }), 'Button "这是一个很长的菜单名": the name is 30 bytes, at most 16 for a top-level button'],
		['a click without key', rows({ name: 'a', type: 'click' }), 'Button "a": needs a Key'],
		['a sub-button of no sub-menu', rows({ name: 'a', type: 'view', url: 'http://x', parent: 'Nope' }), 'Button "a": no sub-menu "Nope" (add a button of type Sub-Menu with that name)'],
		['an empty sub-menu', rows({ name: 'm', type: 'submenu' }), 'Sub-menu "m": 1 to 5 sub-buttons, got 0'],
	])('refuses %s before the call', async (_, buttons, message) => {
		const result = await menu({ operation: 'create', buttons });
		expect(result.error?.message).toBe(message);
		expect(h.calls('/cgi-bin/menu/create')).toHaveLength(0);
	});

	it("WeChat's own checks still answer with their code: a JSON menu of six sub-buttons gets 40023", async () => {
		const button = [{ name: 'm', sub_button: [1, 2, 3, 4, 5, 6].map((n) => ({ type: 'click', name: `s${n}`, key: `K${n}` })) }];
		const result = await menu({ operation: 'create', menuSource: 'json', menuJson: JSON.stringify(button) });
		expect(result.error?.message).toMatch(/40023/);
		expect(String(result.error?.description)).toMatch(/1 to 5 sub-buttons/);
	});
});

describe('QR Code', () => {
	it('creates a temporary code with a text scene, and its image as binary data', async () => {
		const result = await qr({ operation: 'create', sceneStr: 'shop-7', expireSeconds: 3600, downloadImage: true, binaryPropertyName: 'qr' });
		const [item] = result.items[0];
		expect(item.json).toMatchObject({ action_name: 'QR_STR_SCENE', scene: 'shop-7', ticket: expect.any(String), expire_seconds: 3600, url: expect.any(String), mimeType: 'image/jpg' });
		expect(h.bodies('/cgi-bin/qrcode/create')).toEqual([{ action_name: 'QR_STR_SCENE', action_info: { scene: { scene_str: 'shop-7' } }, expire_seconds: 3600 }]);
		const bytes = await readBinary(item.binary!.qr);
		expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
		const [image] = h.emulator.requests({ platform: 'oa', path: '/cgi-bin/showqrcode' });
		// The ticket, URL-encoded, and no token on the image host.
		expect(image.query).toEqual({ ticket: item.json.ticket });
		expect(h.emulator.oa.qrScene(String(item.json.ticket))).toBe('shop-7');
	});

	it('creates a permanent code with a number scene (1 to 100000), no expiry sent', async () => {
		const [out] = jsonOf(await qr({ operation: 'create', qrType: 'permanent', sceneType: 'id', sceneId: 42 }));
		expect(out).toMatchObject({ action_name: 'QR_LIMIT_SCENE', scene: 42, ticket: expect.any(String) });
		expect(h.bodies('/cgi-bin/qrcode/create')).toEqual([{ action_name: 'QR_LIMIT_SCENE', action_info: { scene: { scene_id: 42 } } }]);
		const tooBig = await qr({ operation: 'create', qrType: 'permanent', sceneType: 'id', sceneId: 100001 });
		expect(tooBig.error?.message).toBe('Scene Number: a whole number from 1 to 100000, got 100001');
	});

	it('gets the image of a ticket; an expired one answers 404', async () => {
		const [out] = jsonOf(await qr({ operation: 'create', sceneType: 'id', sceneId: 7, expireSeconds: 60 }));
		const [item] = (await qr({ operation: 'getImage', ticket: out.ticket })).items[0];
		expect(item.json).toMatchObject({ ticket: out.ticket, fileSize: 38 });
		h.emulator.advanceClock(61);
		const expired = await qr({ operation: 'getImage', ticket: out.ticket });
		expect(expired.error?.message).toMatch(/HTTP 404/);
	});
});
