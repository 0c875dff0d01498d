import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { storeCodes, storeCodesField } from './batch';
import { getStatus } from './status';

const show = { resource: ['storeImStatus'], operation: ['batchGet'] };

export const description: INodeProperties[] = [storeCodesField(show)];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	for (const code of storeCodes.call(this, i)) out.push(await getStatus.call(this, i, code));
	return out;
}
