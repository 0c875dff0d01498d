/** propertiesByType: one table keyed by type gives every property its displayOptions. */
import type { INodeProperties } from 'n8n-workflow';
import { propertiesByType } from '../../../nodes/shared/fields';

const prop = (name: string, extra: Partial<INodeProperties> = {}): INodeProperties => ({
	displayName: name,
	name,
	type: 'string',
	default: '',
	...extra,
});

describe('propertiesByType', () => {
	const show = { resource: ['message'], operation: ['send'] };
	const url = prop('url');
	const mediaId = prop('mediaId', { displayOptions: { show: { source: ['id'] } } });
	const entries = [
		{ type: 'text', properties: [prop('text')] },
		{ type: 'image', properties: [url, mediaId] },
		{ type: 'video', properties: [url, mediaId, prop('title')] },
	];
	const byName = Object.fromEntries(propertiesByType(show, 'kind', entries).map((p) => [p.name, p]));

	it('lists each property once, where it first appears', () => {
		expect(propertiesByType(show, 'kind', entries).map((p) => p.name)).toEqual(['text', 'url', 'mediaId', 'title']);
	});

	it.each([
		['text', { resource: ['message'], operation: ['send'], kind: ['text'] }],
		['url', { resource: ['message'], operation: ['send'], kind: ['image', 'video'] }],
		['mediaId', { resource: ['message'], operation: ['send'], kind: ['image', 'video'], source: ['id'] }],
		['title', { resource: ['message'], operation: ['send'], kind: ['video'] }],
	])('%s is shown for its types only', (name, expected) => {
		expect(byName[name].displayOptions).toEqual({ show: expected });
	});

	it('leaves the table entries untouched', () => {
		expect(url.displayOptions).toBeUndefined();
		expect(mediaId.displayOptions).toEqual({ show: { source: ['id'] } });
	});
});
