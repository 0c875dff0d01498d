import type { Show } from '../../../shared/fields';

export function robotShow(operation: string): Show {
	return { resource: ['robot'], operation: [operation] };
}
