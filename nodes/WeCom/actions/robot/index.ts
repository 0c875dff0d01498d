import type { INodeProperties } from 'n8n-workflow';
import type { Operation, Resource } from '../../../shared/router';
import * as sendFile from './sendFile.operation';
import * as sendImage from './sendImage.operation';
import * as sendMarkdown from './sendMarkdown.operation';
import * as sendNews from './sendNews.operation';
import * as sendTemplateCard from './sendTemplateCard.operation';
import * as sendText from './sendText.operation';

// Every item of a run goes to the credential's one robot, i.e. one group chat: in item order.
const toTheGroup = (operation: Operation): Operation => ({ ...operation, orderingKey: () => 'robot' });

export const operations: Resource = Object.fromEntries(
	Object.entries({ sendFile, sendImage, sendMarkdown, sendNews, sendTemplateCard, sendText }).map(([name, operation]) => [
		name,
		toTheGroup(operation),
	]),
);

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['robot'] } },
		options: [
			{ name: 'Send File', value: 'sendFile', action: 'Send a file to the group' },
			{ name: 'Send Image', value: 'sendImage', action: 'Send an image to the group' },
			{ name: 'Send Markdown', value: 'sendMarkdown', action: 'Send markdown to the group' },
			{ name: 'Send News', value: 'sendNews', action: 'Send news articles to the group' },
			{ name: 'Send Template Card', value: 'sendTemplateCard', action: 'Send a template card to the group' },
			{ name: 'Send Text', value: 'sendText', action: 'Send a text to the group' },
		],
		default: 'sendText',
	},
	...sendText.description,
	...sendMarkdown.description,
	...sendImage.description,
	...sendNews.description,
	...sendFile.description,
	...sendTemplateCard.description,
];
