import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { answerWaitingCallback } from '../../../shared/webhook';
import { isBeforeCommand } from '../../callback';
import { buildAnswer } from './fields';

const CONTENT_TYPE = 'application/json; charset=utf-8';

export const description: INodeProperties[] = [
	{
		displayName:
			'Answers the before-send callback the Tencent Cloud IM Trigger (Reply Mode "Workflow Decides") keeps open. A workflow that has not answered by the trigger\'s Answer Deadline lets the message through, and this answer is dropped.',
		name: 'answerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['callbackAnswer'], operation: ['answer'] } },
	},
];

// One callback waits for one answer: the first item's, as when items ran one after the other.
export const orderingKey = () => 'the waiting callback';

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const answer = await buildAnswer.call(this, i);
	const command = this.getInputData()[i]?.json?.CallbackCommand;
	if (typeof command === 'string' && command && !isBeforeCommand(command)) {
		// The trigger answered it on arrival: Tencent reads no answer to an after-callback (269/1522).
		this.addExecutionHints({
			message: `Nothing was answered: ${command} is an after-callback, which the trigger answers at once.`,
			type: 'warning',
			location: 'outputPane',
		});
		return { answered: false, answer };
	}
	const answered = await answerWaitingCallback(
		this,
		i,
		{
			type: 'tencentCloudImTrigger',
			label: 'Tencent Cloud IM Trigger',
			mode: 'workflow',
			modeName: 'Workflow Decides',
			otherwise: 'choose Build Only',
		},
		{ body: answer, contentType: CONTENT_TYPE },
	);
	return answered ? { answered, statusCode: 200, contentType: CONTENT_TYPE, answer } : { answered, answer };
}
