/**
 * The WeChat family's envelope and code table: { errcode, errmsg } on HTTP 200, errcode 0 (WeCom)
 * or none at all (Official Account) for success; a product's own hints win over the family's.
 */
import { WX_FAMILY_HINTS, withoutEnvelope, wxErrcodeError, wxHints } from '../../../../nodes/shared/wechat/envelope';
import { OFFICIAL_ACCOUNT_TOKEN_HINTS } from '../../../../nodes/shared/wechat/token';
import { WECOM_HINTS } from '../../../../nodes/WeCom/transport';

describe('wxErrcodeError', () => {
	it.each<[string, unknown, ReturnType<typeof wxErrcodeError>]>([
		['WeCom success', { errcode: 0, errmsg: 'ok', access_token: 't' }, undefined],
		['Official Account success (no errcode)', { access_token: 't', expires_in: 7200 }, undefined],
		['errcode as a string "0"', { errcode: '0', errmsg: 'ok' }, undefined],
		['errcode null', { errcode: null }, undefined],
		['not an object', 'text', undefined],
		['an array', [{ errcode: 1 }], undefined],
		['null', null, undefined],
		['a failure', { errcode: 40014, errmsg: 'invalid access_token' }, { code: '40014', message: 'invalid access_token' }],
		['-1 busy', { errcode: -1, errmsg: 'system error' }, { code: '-1', message: 'system error' }],
		['a failure without errmsg', { errcode: 45009 }, { code: '45009', message: '' }],
	])('%s', (_name, body, expected) => {
		expect(wxErrcodeError(body)).toEqual(expected);
	});
});

it('withoutEnvelope drops errcode and errmsg only', () => {
	expect(withoutEnvelope({ errcode: 0, errmsg: 'ok', media_id: 'm', type: 'image' })).toEqual({ media_id: 'm', type: 'image' });
});

describe('the family code table', () => {
	it.each(['-1', '40001', '40014', '41001', '42001', '45009', '45011', '48001', '40164'])('has a hint for %s', (code) => {
		expect(WX_FAMILY_HINTS[code]).toMatch(/\w/);
	});

	it('is extended by a product: its own wording wins, the rest is the family\'s', () => {
		const hints = wxHints({ '40001': 'own', '99999': 'new' });
		expect(hints['40001']).toBe('own');
		expect(hints['99999']).toBe('new');
		expect(hints['42001']).toBe(WX_FAMILY_HINTS['42001']);
		// The family table itself is not changed by an extension.
		expect(WX_FAMILY_HINTS['40001']).not.toBe('own');
	});

	it('keeps every WeCom hint worded as WeCom had it', () => {
		// The table as it stood in nodes/WeCom/transport.ts before the family table existed.
		expect(WECOM_HINTS).toMatchObject({
			'40001': 'The Secret is wrong: use the Secret of this app (应用), not the callback Token.',
			'40003': 'A user ID is wrong or not visible to this app.',
			'40013': 'The Corp ID (企业ID) is wrong.',
			'40056': 'The Agent ID is wrong.',
			'40007': 'The media_id is wrong or has expired (temporary media lasts 3 days).',
			'40008': 'The message type is not valid for this call.',
			'41001': 'The access token is missing.',
			'44004': 'The text content is empty.',
			'45009': 'WeCom rate limit reached: slow the workflow down.',
			'48002': 'This API is not allowed for this app: check the app permissions in the WeCom admin console.',
			'60011': 'The app has no permission for this user, department or tag: check the app visibility (可见范围).',
			'60020':
				'This IP is not in the app trusted IP list (企业可信IP). Add the n8n server IP in the admin console, or set the credential Base URL to a fixed-IP proxy.',
			'81013': 'No recipient is valid: check user IDs, department IDs and tag IDs.',
			'86003': 'The app chat does not exist (or was not created by this app).',
			'93000': 'The group robot webhook key is wrong or the robot was removed from the group.',
			'301002': 'The app has no permission for this data.',
		});
		expect(WECOM_HINTS['42001']).toBe(WX_FAMILY_HINTS['42001']);
	});

	it('gives the Official Account token endpoints their own wording of 40001', () => {
		expect(OFFICIAL_ACCOUNT_TOKEN_HINTS['40001']).toMatch(/AppSecret/);
		expect(OFFICIAL_ACCOUNT_TOKEN_HINTS['40164']).toBe(WX_FAMILY_HINTS['40164']);
	});
});
