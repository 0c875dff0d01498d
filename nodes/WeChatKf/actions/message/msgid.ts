/**
 * The msgid send_msg and send_msg_on_event take (path/94677): at most 32 bytes of [0-9a-zA-Z_-],
 * unique within the KF account, or WeChat refuses the message. The node sends one with every
 * message, the user's or a random one, so a resend after a lost answer cannot deliver twice.
 */
import { randomBytes } from 'crypto';
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';
import { fail, itemParameter } from '../../../shared/params';
import type { PlatformRequest } from '../../../shared/request';
import { backoffDelay } from '../../../shared/request';
import { kfRequest } from '../../transport';

const MSGID = /^[0-9a-zA-Z_-]{1,32}$/;

export function msgIdOption(): INodeProperties {
	return {
		displayName: 'Message ID',
		name: 'msgId',
		type: 'string',
		default: '',
		placeholder: 'reply-42',
		description:
			'Your own msgid: at most 32 characters of 0-9, a-z, A-Z, "_" and "-", unique within the KF account (WeChat refuses a second message with it). Empty: the node makes a random one.',
	};
}

export function optionsField(show: Show, extra: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [msgIdOption(), ...extra],
	};
}

/** Item `i`'s msgid: the user's, checked, or a random one. */
export function msgIdOf(this: IExecuteFunctions, i: number): string {
	const given = String(itemParameter.call(this, 'options.msgId', i, '') ?? '').trim();
	if (given === '') return `n8n${randomBytes(12).toString('hex')}`;
	if (!MSGID.test(given)) {
		fail.call(this, i, 'Message ID: at most 32 characters of 0-9, a-z, A-Z, "_" and "-"', `Got "${given.slice(0, 40)}".`);
	}
	return given;
}

function unclear(error: unknown): boolean {
	return error instanceof NodeApiError && error.context.mayHaveBeenDelivered === true;
}

/**
 * Sends a message that carries its msgid (or single-use code) and, when the answer was lost (a
 * gateway error, a timeout, a cut connection), sends the very same request once more: WeChat
 * refuses a second message with that msgid, so the customer gets it at most once. When WeChat
 * refuses the repeat, the first attempt most likely arrived: the item fails "may have been
 * delivered" with both answers, so nobody sends it again under another msgid.
 */
export async function sendOnce(this: IExecuteFunctions, i: number, request: PlatformRequest): Promise<IDataObject> {
	const once: PlatformRequest = { ...request, itemIndex: i, safeToResend: false };
	const attempt = async (): Promise<{ response?: IDataObject; error?: unknown }> => {
		try {
			return { response: await kfRequest.call(this, once) };
		} catch (error) {
			return { error };
		}
	};
	// The constructor hands back the NodeApiError it is given: nothing of the platform's error is lost.
	const rethrow = (error: unknown): never => {
		throw new NodeApiError(this.getNode(), error as JsonObject);
	};
	const first = await attempt();
	if (first.response) return first.response;
	if (!unclear(first.error)) return rethrow(first.error);
	await sleep(backoffDelay(0));
	const repeat = await attempt();
	if (repeat.response) return repeat.response;
	if (!(repeat.error instanceof NodeApiError) || unclear(repeat.error)) return rethrow(repeat.error);
	const refused = new NodeApiError(this.getNode(), { message: repeat.error.message } as JsonObject, {
		message: `WeChat KF refused the repeat of a message whose first answer was lost: ${repeat.error.message}`,
		description:
			'The first attempt most likely arrived: WeChat refuses a second message with the same msgid (or code). Check the conversation before sending it again, and never send it again under another Message ID.',
		httpCode: repeat.error.httpCode ?? undefined,
		itemIndex: i,
	});
	refused.context.mayHaveBeenDelivered = true;
	throw refused;
}
