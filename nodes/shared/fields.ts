/** Node properties that every platform's operations share, so their wording stays n8n's own. */
import type { INodeProperties } from 'n8n-workflow';

type Show = Record<string, string[]>;

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
 * The trigger-side webhook lifecycle of platforms where the callback URL is pasted by hand into
 * the platform's console: there is nothing to register or remove.
 */
export const manualWebhookMethods = {
	default: {
		async checkExists(): Promise<boolean> {
			return true;
		},
		async create(): Promise<boolean> {
			return true;
		},
		async delete(): Promise<boolean> {
			return true;
		},
	},
};
