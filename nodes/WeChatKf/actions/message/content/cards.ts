/**
 * link (图文链接) and miniprogram (小程序) of path/94677: both show a thumbnail, a media_id of an
 * image, given or uploaded from the workflow.
 */
import type { IDataObject } from 'n8n-workflow';
import type { MediaSourceNames } from '../../common/media';
import { mediaIdFrom, mediaSourceProperties } from '../../common/media';
import type { ContentEntry } from './entry';
import { optionalText, requiredText } from './entry';

// Caps of path/94677: link title 128, desc 512, url 2048 bytes; mini program title 64 bytes.
const LINK_TITLE_MAX = 128;
const LINK_DESC_MAX = 512;
const LINK_URL_MAX = 2048;
const MINIPROGRAM_TITLE_MAX = 64;
const APPID_MAX = 32;
const PAGEPATH_MAX = 1024;

const THUMB: MediaSourceNames = { source: 'thumbSource', mediaId: 'thumbMediaId', binary: 'thumbBinaryPropertyName', label: 'Thumbnail' };
const thumb = mediaSourceProperties(THUMB, 'the thumbnail');

export const link: ContentEntry = {
	type: 'link',
	name: 'Link',
	properties: [
		{ displayName: 'Title', name: 'linkTitle', type: 'string', required: true, default: '', description: `At most ${LINK_TITLE_MAX} bytes` },
		{ displayName: 'Description', name: 'linkDescription', type: 'string', default: '', description: `At most ${LINK_DESC_MAX} bytes` },
		{ displayName: 'URL', name: 'linkUrl', type: 'string', required: true, default: '', placeholder: 'https://example.com/order/42' },
		...thumb,
	],
	async build(i) {
		const payload: IDataObject = { title: requiredText.call(this, i, 'linkTitle', 'Title', LINK_TITLE_MAX) };
		optionalText.call(this, i, payload, 'desc', 'linkDescription', 'Description', LINK_DESC_MAX);
		payload.url = requiredText.call(this, i, 'linkUrl', 'URL', LINK_URL_MAX);
		const { mediaId, uploaded } = await mediaIdFrom.call(this, i, THUMB, 'image');
		payload.thumb_media_id = mediaId;
		return { body: { msgtype: 'link', link: payload }, uploaded: uploaded ? [uploaded] : undefined };
	},
};

export const miniprogram: ContentEntry = {
	type: 'miniprogram',
	name: 'Mini Program',
	properties: [
		{ displayName: 'Mini Program App ID', name: 'appId', type: 'string', required: true, default: '', placeholder: 'wx8bd80126147dfAAA' },
		{ displayName: 'Page Path', name: 'pagePath', type: 'string', required: true, default: '', placeholder: '/path/index?foo=bar' },
		{ displayName: 'Title', name: 'miniprogramTitle', type: 'string', default: '', description: `At most ${MINIPROGRAM_TITLE_MAX} bytes` },
		...thumb,
	],
	async build(i) {
		const payload: IDataObject = { appid: requiredText.call(this, i, 'appId', 'Mini Program App ID', APPID_MAX) };
		optionalText.call(this, i, payload, 'title', 'miniprogramTitle', 'Title', MINIPROGRAM_TITLE_MAX);
		const { mediaId, uploaded } = await mediaIdFrom.call(this, i, THUMB, 'image');
		payload.thumb_media_id = mediaId;
		payload.pagepath = requiredText.call(this, i, 'pagePath', 'Page Path', PAGEPATH_MAX);
		return { body: { msgtype: 'miniprogram', miniprogram: payload }, uploaded: uploaded ? [uploaded] : undefined };
	},
};
