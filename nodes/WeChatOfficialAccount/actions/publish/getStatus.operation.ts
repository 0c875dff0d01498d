import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { requiredId } from '../../../shared/params';
import { officialAccountRequest } from '../../transport';
import { withoutEnvelope } from '../common/answer';

export const description: INodeProperties[] = [
	{
		displayName: 'Publish ID',
		name: 'publishId',
		type: 'string',
		required: true,
		default: '',
		description: 'The publish_id of Publish → Publish',
		displayOptions: { show: { resource: ['publish'], operation: ['getStatus'] } },
	},
];

/** publish_status of freepublish/get, in words. */
const STATUS: Record<string, string> = {
	'0': 'success',
	'1': 'publishing',
	'2': 'originality check failed',
	'3': 'failed',
	'4': 'platform review failed',
	'5': 'deleted after success',
	'6': 'banned after success',
};

/** POST /cgi-bin/freepublish/get — developers.weixin.qq.com/doc/offiaccount/Publish/Get_status.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const publish_id = requiredId.call(this, 'publishId', i, 'Publish ID');
	const response = withoutEnvelope(
		await officialAccountRequest.call(this, { method: 'POST', path: '/cgi-bin/freepublish/get', body: { publish_id }, itemIndex: i, safeToResend: true }),
	);
	return { ...response, status: STATUS[String(response.publish_status)] ?? 'unknown' };
}
