import type { INodeProperties } from 'n8n-workflow';
import type { Resource } from '../../../shared/router';
import * as download from './download.operation';
import * as upload from './upload.operation';

export const operations: Resource = { download, upload };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{ name: 'Download', value: 'download', action: 'Download a media file' },
			{ name: 'Upload', value: 'upload', action: 'Upload a media file' },
		],
		default: 'upload',
	},
	...upload.description,
	...download.description,
];
