import type { INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';

/** The follower a customer service message or typing state goes to. */
export function openIdField(show: Show): INodeProperties {
	return {
		displayName: 'To (OpenID)',
		name: 'openId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'oAbCd1234…',
		description: 'The follower\'s OpenID: after the trigger, its output field "fromUser"',
		displayOptions: { show },
	};
}
