/**
 * Both triggers' POST webhook declares responseMode twice: as the expression the editor and n8n 2.8
 * evaluate, and as a resolver n8n 2.41 runs natively for static parameters (WEBHOOK_RESOLVERS,
 * webhook-description-fields in its n8n-workflow). For every Reply Mode, and none set, the two say
 * the same, the expression evaluated by n8n-workflow's own engine.
 */
import type { INodeType, IWebhookDescription } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';
import { TencentCloudImTrigger } from '../../../nodes/TencentCloudIm/TencentCloudImTrigger.node';
import { WeComTrigger } from '../../../nodes/WeCom/WeComTrigger.node';
import type { WebhookFieldResolver } from '../../../nodes/shared/webhook';
import { WEBHOOK_RESOLVERS } from '../../../nodes/shared/webhook';
import { TestNodeTypes } from '../../helpers/nodes';

const triggers: Array<[string, INodeType, string[]]> = [
	['WeCom Trigger', new WeComTrigger(), ['acknowledge', 'passive']],
	['Tencent Cloud IM Trigger', new TencentCloudImTrigger(), ['acknowledge', 'workflow']],
];

describe.each(triggers)('%s', (_name, trigger, replyModes) => {
	const post = trigger.description.webhooks!.find((w) => w.httpMethod === 'POST') as IWebhookDescription;
	const resolvers = (post as unknown as Record<symbol, Record<string, WebhookFieldResolver>>)[WEBHOOK_RESOLVERS];
	const type = `test.${trigger.description.name}`;
	const nodeTypes = new TestNodeTypes().register(type, trigger);

	/** The field as n8n-workflow evaluates its expression, and as the resolver reads the parameters n8n passes it. */
	const both = (parameters: Record<string, unknown>) => {
		const workflow = new Workflow({
			nodes: [{ id: '1', name: 'Trigger', type, typeVersion: 1, position: [0, 0], parameters: parameters as never }],
			connections: {},
			active: true,
			nodeTypes,
		});
		const node = workflow.nodes.Trigger;
		const evaluated = workflow.expression.getSimpleParameterValue(node, post.responseMode as string, 'webhook', {});
		return { evaluated, resolved: resolvers.responseMode.resolve(node.parameters) };
	};

	it('carries a resolver whose template is the field exactly (n8n 2.41 uses it only then)', () => {
		expect(resolvers.responseMode.template).toBe(post.responseMode);
		expect(post.responseMode).toMatch(/^=\{\{\$parameter\["replyMode"\]/);
		expect(Object.keys(resolvers)).toEqual(['responseMode']);
	});

	it.each(replyModes)('Reply Mode %s: the resolver says what the expression says', (replyMode) => {
		const { evaluated, resolved } = both({ replyMode });
		expect(resolved).toBe(evaluated);
		expect(['responseNode', 'onReceived']).toContain(resolved);
	});

	it('Reply Mode left at its default: the same', () => {
		const { evaluated, resolved } = both({});
		expect(resolved).toBe(evaluated);
		expect(resolved).toBe('onReceived');
	});

	it('only the mode that leaves the callback open is "responseNode"', () => {
		expect(replyModes.map((replyMode) => both({ replyMode }).resolved)).toEqual(['onReceived', 'responseNode']);
	});
});
