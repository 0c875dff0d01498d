/** location, business_card and ca_link (获客链接) of path/94677: a few plain fields each. */
import type { IDataObject } from 'n8n-workflow';
import { fail, itemParameter } from '../../../../shared/params';
import type { ContentEntry } from './entry';
import { optionalText, requiredText } from './entry';

function coordinate(value: unknown, min: number, max: number): number | undefined {
	const n = typeof value === 'number' ? value : Number(String(value ?? '').trim());
	return String(value ?? '').trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : undefined;
}

export const location: ContentEntry = {
	type: 'location',
	name: 'Location',
	properties: [
		{ displayName: 'Latitude', name: 'latitude', type: 'number', typeOptions: { minValue: -90, maxValue: 90, numberPrecision: 6 }, default: 0 },
		{ displayName: 'Longitude', name: 'longitude', type: 'number', typeOptions: { minValue: -180, maxValue: 180, numberPrecision: 6 }, default: 0 },
		{ displayName: 'Name', name: 'locationName', type: 'string', default: '', placeholder: '广州TIT创意园' },
		{ displayName: 'Address', name: 'address', type: 'string', default: '', placeholder: '广州市海珠区新港中路397号' },
	],
	async build(i) {
		const latitude = coordinate(itemParameter.call(this, 'latitude', i, 0), -90, 90);
		const longitude = coordinate(itemParameter.call(this, 'longitude', i, 0), -180, 180);
		if (latitude === undefined) fail.call(this, i, 'Latitude must be a number between -90 and 90');
		if (longitude === undefined) fail.call(this, i, 'Longitude must be a number between -180 and 180');
		const payload: IDataObject = {};
		optionalText.call(this, i, payload, 'name', 'locationName', 'Name', 1024);
		optionalText.call(this, i, payload, 'address', 'address', 'Address', 1024);
		payload.latitude = latitude;
		payload.longitude = longitude;
		return { body: { msgtype: 'location', location: payload } };
	},
};

export const businessCard: ContentEntry = {
	type: 'business_card',
	name: 'Business Card',
	properties: [
		{
			displayName: 'Member User ID',
			name: 'cardUserId',
			type: 'string',
			required: true,
			default: '',
			description: 'The WeCom member (userid) whose card is sent',
		},
	],
	async build(i) {
		return { body: { msgtype: 'business_card', business_card: { userid: requiredText.call(this, i, 'cardUserId', 'Member User ID', 64) } } };
	},
};

export const caLink: ContentEntry = {
	type: 'ca_link',
	name: 'Customer Acquisition Link',
	properties: [
		{
			displayName: 'Link URL',
			name: 'caLinkUrl',
			type: 'string',
			required: true,
			default: '',
			description: 'A customer acquisition link (获客链接) of this corp',
		},
	],
	async build(i) {
		return { body: { msgtype: 'ca_link', ca_link: { link_url: requiredText.call(this, i, 'caLinkUrl', 'Link URL', 2048) } } };
	},
};
