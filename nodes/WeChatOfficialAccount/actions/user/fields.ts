import type { INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';

export function openIdField(show: Show): INodeProperties {
	return {
		displayName: 'OpenID',
		name: 'openId',
		type: 'string',
		required: true,
		default: '',
		description: 'The follower\'s OpenID on this account (after the trigger, its output field "fromUser")',
		displayOptions: { show },
	};
}

export function languageField(show: Show): INodeProperties {
	return {
		displayName: 'Language',
		name: 'language',
		type: 'options',
		options: [
			{ name: 'English', value: 'en' },
			{ name: 'Simplified Chinese', value: 'zh_CN' },
			{ name: 'Traditional Chinese', value: 'zh_TW' },
		],
		default: 'zh_CN',
		description: 'The language of the country, province and city names',
		displayOptions: { show },
	};
}
