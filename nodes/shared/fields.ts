/** Node properties that every platform's operations share, so their wording stays n8n's own. */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The `displayOptions.show` of a property. */
export type Show = NonNullable<IDisplayOptions['show']>;

/** n8n's "Return All" / "Limit" pair for list operations that page. */
export function returnAllFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/**
 * A resource's Operation menu whose default changed with a node version: n8n does not save a
 * parameter that equals its default, so a workflow saved on an older version must keep reading
 * the old default. One property per version, each shown only on its versions.
 */
export function operationMenu(
	resource: string,
	options: NonNullable<INodeProperties['options']>,
	defaults: Array<{ versions: number[]; value: string }>,
): INodeProperties[] {
	return defaults.map(({ versions, value }) => ({
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource], '@version': versions } },
		options,
		default: value,
	}));
}

/** One entry of a table keyed by type (a message type, an element type): its properties, without displayOptions. */
export interface TypedProperties {
	type: string;
	properties: INodeProperties[];
}

/**
 * The properties of a type table, each shown where its types are chosen: `show` is where the table
 * applies and `key` the parameter that picks the type. A property object listed by several entries
 * (a media URL shared by image and video) is one property for all of them, placed where it first
 * appears; its own displayOptions (e.g. a source switch) are kept and narrow it further.
 */
export function propertiesByType(show: Show, key: string, entries: TypedProperties[]): INodeProperties[] {
	const typesOf = new Map<INodeProperties, string[]>();
	for (const entry of entries) {
		for (const property of entry.properties) typesOf.set(property, [...(typesOf.get(property) ?? []), entry.type]);
	}
	return [...typesOf].map(([property, types]) => ({
		...property,
		displayOptions: { ...property.displayOptions, show: { ...show, [key]: types, ...property.displayOptions?.show } },
	}));
}
