import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail, itemParameter, requiredId } from '../../../shared/params';
import { kfRequest } from '../../transport';
import { externalUserIdField, openKfIdField } from '../common/fields';
import { stateName, TRANSFER_TARGETS } from './states';

const show = { resource: ['session'], operation: ['transfer'] };

export const description: INodeProperties[] = [
	openKfIdField(show),
	externalUserIdField(show),
	{
		displayName: 'Transfer To',
		name: 'serviceState',
		type: 'options',
		options: TRANSFER_TARGETS,
		default: 3,
		description: 'The state to move the session to. Handing a customer from an auto reply to a human is Servicer.',
		displayOptions: { show },
	},
	{
		displayName: 'Servicer User ID',
		name: 'servicerUserId',
		type: 'string',
		required: true,
		default: '',
		description: 'A servicer (接待人员) of this account who is receiving now',
		displayOptions: { show: { ...show, serviceState: [3] } },
	},
];

/** Moves of one customer's session go out in item order. */
export function orderingKey(this: IExecuteFunctions, i: number): string | undefined {
	const kfid = String(itemParameter.call(this, 'openKfId', i, '') ?? '').trim();
	const user = String(itemParameter.call(this, 'externalUserId', i, '') ?? '').trim();
	return kfid && user ? `customer:${kfid}/${user}` : undefined;
}

/**
 * POST /cgi-bin/kf/service_state/trans — developer.work.weixin.qq.com/document/path/94669. The
 * answer's msg_code (moving to the queue or a servicer for the first time, or ending) sends the
 * matching reply with Message → Send on Event.
 */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const openKfId = requiredId.call(this, 'openKfId', i, 'Open KF ID');
	const externalUserId = requiredId.call(this, 'externalUserId', i, 'External User ID');
	const state = Number(itemParameter.call(this, 'serviceState', i, 3));
	if (!TRANSFER_TARGETS.some((target) => target.value === state)) fail.call(this, i, `Transfer To: unknown state ${state}`);
	const body: IDataObject = { open_kfid: openKfId, external_userid: externalUserId, service_state: state };
	if (state === 3) body.servicer_userid = requiredId.call(this, 'servicerUserId', i, 'Servicer User ID');
	const response = await kfRequest.call(this, { method: 'POST', path: '/cgi-bin/kf/service_state/trans', body, itemIndex: i });
	const output: IDataObject = { ...body, state: stateName(state) };
	if (response.msg_code) output.msg_code = response.msg_code;
	return output;
}
