/**
 * Passive replies of the WeChat family: every type's XML as the formats describe it
 * (developer.work.weixin.qq.com/document/path/90241, the Official Account's
 * Passive_user_reply_message), and the encrypted envelope opened with @wecom/crypto, an
 * independent WXBizMsgCrypt.
 */
import * as wecom from '@wecom/crypto';
import type { WxReply } from '../../../../nodes/shared/wechat/passiveReply';
import { TEXT_LIMIT_BYTES, encryptReply, passiveReplyBody, passiveReplyXml } from '../../../../nodes/shared/wechat/passiveReply';
import { parseXml } from '../../../../nodes/shared/xml';

const keys = { token: 'ReplyToken', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', receiveId: 'wx2c2769f8efd9abc2' };
const envelope = { toUser: 'openid-1', fromUser: 'gh_account', createTime: 1700000000 };
const article = { title: 'T', description: 'D', url: 'https://example.com', picUrl: 'https://example.com/p.png' };

describe('passiveReplyXml', () => {
	it.each<[string, WxReply, Record<string, unknown>]>([
		['text', { type: 'text', content: '你好 & <hi>' }, { Content: '你好 & <hi>' }],
		['image', { type: 'image', mediaId: 'm-img' }, { Image: { MediaId: 'm-img' } }],
		['voice', { type: 'voice', mediaId: 'm-voice' }, { Voice: { MediaId: 'm-voice' } }],
		['video', { type: 'video', mediaId: 'm-video', title: 'V', description: 'about' }, { Video: { MediaId: 'm-video', Title: 'V', Description: 'about' } }],
		[
			'music',
			{ type: 'music', title: 'M', musicUrl: 'https://x/a.mp3', hqMusicUrl: 'https://x/hq.mp3', thumbMediaId: 'thumb' },
			{ Music: { Title: 'M', Description: '', MusicUrl: 'https://x/a.mp3', HQMusicUrl: 'https://x/hq.mp3', ThumbMediaId: 'thumb' } },
		],
		[
			'news',
			{ type: 'news', articles: [article] },
			{ ArticleCount: '1', Articles: { item: { Title: 'T', Description: 'D', PicUrl: 'https://example.com/p.png', Url: 'https://example.com' } } },
		],
	])('%s', (type, reply, body) => {
		const xml = passiveReplyXml(reply, envelope);
		expect(xml.startsWith('<xml><ToUserName><![CDATA[openid-1]]></ToUserName><FromUserName><![CDATA[gh_account]]></FromUserName><CreateTime>1700000000</CreateTime>')).toBe(true);
		expect(parseXml(xml)).toEqual({ ToUserName: 'openid-1', FromUserName: 'gh_account', CreateTime: '1700000000', MsgType: type, ...body });
	});

	it('takes up to 8 articles, each as an item in order', () => {
		const xml = passiveReplyXml({ type: 'news', articles: Array.from({ length: 8 }, (_, i) => ({ ...article, title: `T${i}` })) }, envelope);
		const items = (parseXml(xml).Articles as { item: Array<{ Title: string }> }).item;
		expect(items.map((a) => a.Title)).toEqual(['T0', 'T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7']);
	});

	it('takes a text of exactly 2048 bytes in UTF-8', () => {
		const text = '好'.repeat(682) + 'ab';
		expect(Buffer.byteLength(text)).toBe(TEXT_LIMIT_BYTES);
		expect(parseXml(passiveReplyXml({ type: 'text', content: text }, envelope)).Content).toBe(text);
	});

	it.each<[string, WxReply, RegExp]>([
		['an empty text', { type: 'text', content: '' }, /^Content: the text is empty$/],
		['a text of 2049 bytes', { type: 'text', content: '好'.repeat(683) }, /^Content: at most 2048 bytes \(UTF-8\), got 2049$/],
		['an image without media', { type: 'image' }, /^Media ID: required$/],
		['a video without media', { type: 'video', title: 'no media' }, /^Media ID: required$/],
		['music without a thumb', { type: 'music', title: 'no thumb' }, /^Thumb Media ID: required$/],
		['news without articles', { type: 'news', articles: [] }, /^Articles: 1 to 8 articles, got 0$/],
		['news of 9 articles', { type: 'news', articles: Array.from({ length: 9 }, () => article) }, /^Articles: 1 to 8 articles, got 9$/],
		['an unknown type', { type: 'toString' as WxReply['type'] }, /^Reply Type "toString" is not supported$/],
	])('refuses %s', (_name, reply, message) => {
		expect(() => passiveReplyXml(reply, envelope)).toThrow(expect.objectContaining({ name: 'ReplyInputError', message: expect.stringMatching(message) }));
	});
});

describe('encrypted replies', () => {
	it('seals a reply that @wecom/crypto verifies and decrypts to the same XML', () => {
		const xml = passiveReplyXml({ type: 'text', content: '收到' }, envelope);
		const sealed = parseXml(encryptReply(keys, xml, 1700000001, 'nonce-1'));
		expect(Object.keys(sealed)).toEqual(['Encrypt', 'MsgSignature', 'TimeStamp', 'Nonce']);
		expect(sealed).toMatchObject({ TimeStamp: '1700000001', Nonce: 'nonce-1' });
		expect(sealed.MsgSignature).toBe(wecom.getSignature(keys.token, '1700000001', 'nonce-1', String(sealed.Encrypt)));
		expect(wecom.decrypt(keys.encodingAesKey, String(sealed.Encrypt))).toMatchObject({ message: xml, id: keys.receiveId });
	});

	it('answers a plaintext callback in plaintext and an encrypted one encrypted', () => {
		const xml = passiveReplyXml({ type: 'image', mediaId: 'm' }, envelope);
		expect(passiveReplyBody(keys, xml, false)).toBe(xml);
		const sealed = parseXml(passiveReplyBody(keys, xml, true, 1700000002));
		expect(sealed.TimeStamp).toBe('1700000002');
		expect(wecom.decrypt(keys.encodingAesKey, String(sealed.Encrypt)).message).toBe(xml);
	});

	it('refuses a key that is not 43 characters of base64, naming no key', () => {
		expect(() => encryptReply({ ...keys, encodingAesKey: 'short' }, '<xml/>')).toThrow(expect.objectContaining({ name: 'CryptoInputError' }));
	});
});
