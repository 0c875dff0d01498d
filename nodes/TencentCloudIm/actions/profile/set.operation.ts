import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, requiredId } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { timRequest } from '../../transport';
import { customTag } from './tags';

const show = { resource: ['profile'], operation: ['set'] };

export const description: INodeProperties[] = [
	{
		displayName: 'User ID',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		description: 'Whose profile to change (From_Account)',
		displayOptions: { show },
	},
	{
		displayName: 'Standard Fields',
		name: 'standard',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Add-Friend Permission',
				name: 'Tag_Profile_IM_AllowType',
				type: 'options',
				options: [
					{ name: 'Allow Anyone', value: 'AllowType_Type_AllowAny' },
					{ name: 'Deny Everyone', value: 'AllowType_Type_DenyAny' },
					{ name: 'Need Confirmation', value: 'AllowType_Type_NeedConfirm' },
				],
				default: 'AllowType_Type_NeedConfirm',
			},
			{
				displayName: 'Admin Forbid Type',
				name: 'Tag_Profile_IM_AdminForbidType',
				type: 'options',
				options: [
					{ name: 'None', value: 'AdminForbid_Type_None' },
					{ name: 'Forbid Adding Friends', value: 'AdminForbid_Type_SendOut' },
				],
				default: 'AdminForbid_Type_None',
			},
			{ displayName: 'Avatar URL', name: 'Tag_Profile_IM_Image', type: 'string', default: '' },
			{
				displayName: 'Birthday',
				name: 'Tag_Profile_IM_BirthDay',
				type: 'number',
				default: 19900101,
				description: 'As a number YYYYMMDD',
			},
			{
				displayName: 'Gender',
				name: 'Tag_Profile_IM_Gender',
				type: 'options',
				options: [
					{ name: 'Female', value: 'Gender_Type_Female' },
					{ name: 'Male', value: 'Gender_Type_Male' },
					{ name: 'Unknown', value: 'Gender_Type_Unknown' },
				],
				default: 'Gender_Type_Unknown',
			},
			{ displayName: 'Language', name: 'Tag_Profile_IM_Language', type: 'number', default: 0 },
			{ displayName: 'Level', name: 'Tag_Profile_IM_Level', type: 'number', default: 0 },
			{ displayName: 'Location', name: 'Tag_Profile_IM_Location', type: 'string', default: '' },
			{ displayName: 'Message Settings', name: 'Tag_Profile_IM_MsgSettings', type: 'number', default: 0, description: 'Bit 0 set = no push for new messages' },
			{ displayName: 'Nickname', name: 'Tag_Profile_IM_Nick', type: 'string', default: '' },
			{ displayName: 'Role', name: 'Tag_Profile_IM_Role', type: 'number', default: 0 },
			{ displayName: 'Signature', name: 'Tag_Profile_IM_SelfSignature', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Custom Fields',
		name: 'custom',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Custom Field',
		default: {},
		description: 'Fields defined in the console (Tag_Profile_Custom_*), e.g. a user level',
		displayOptions: { show },
		options: [
			{
				displayName: 'Field',
				name: 'field',
				values: [
					{ displayName: 'Key', name: 'key', type: 'string', default: '', placeholder: 'Level', description: 'With or without the Tag_Profile_Custom_ prefix' },
					{
						displayName: 'Type',
						name: 'type',
						type: 'options',
						options: [
							{ name: 'Integer', value: 'integer' },
							{ name: 'String', value: 'string' },
						],
						default: 'string',
						description: 'As the field was declared in the console',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
];

export const orderingKey = keyFrom('userId', 'user');

/** POST /v4/profile/portrait_set — cloud.tencent.com/document/product/269/1640 (设置资料). */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const userId = requiredId.call(this, 'userId', i, 'User ID');
	const items: IDataObject[] = [];
	const standard = this.getNodeParameter('standard', i, {}) as IDataObject;
	for (const [Tag, Value] of Object.entries(standard)) items.push({ Tag, Value });
	const custom = ((this.getNodeParameter('custom', i, {}) as IDataObject).field ?? []) as IDataObject[];
	for (const field of custom) {
		const key = String(field.key ?? '').trim();
		if (!key) fail.call(this, i, 'Custom Fields: a field has no key');
		let value: string | number = String(field.value ?? '');
		if (field.type === 'integer') {
			value = Number(value);
			if (!Number.isInteger(value)) fail.call(this, i, `Custom Fields: "${key}" must be a whole number`);
		}
		items.push({ Tag: customTag(key), Value: value });
	}
	if (items.length === 0) fail.call(this, i, 'Set at least one field');
	// Sets the same fields to the same values again: safe to send again.
	await timRequest.call(this, {
		path: '/v4/profile/portrait_set',
		body: { From_Account: userId, ProfileItem: items },
		itemIndex: i,
		safeToResend: true,
	});
	return { UserID: userId, ProfileItem: items };
}
