/** Descriptions several WeChat KF resources share (descriptions only). */
import type { INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';

/** The KF account an operation acts as or on. */
export function openKfIdField(show: Show): INodeProperties {
	return {
		displayName: 'Open KF ID',
		name: 'openKfId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'wkAJ2GCAAASSm4_FhToWMFea0xAFfd3Q',
		description: "The KF account's open_kfid: openKfId of a trigger item, or from Account → List",
		displayOptions: { show },
	};
}

/** The WeChat customer (微信客户) an operation is about. */
export function externalUserIdField(show: Show): INodeProperties {
	return {
		displayName: 'External User ID',
		name: 'externalUserId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw',
		description: "The customer's external_userid: externalUserId of a trigger item",
		displayOptions: { show },
	};
}
