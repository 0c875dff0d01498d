import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { storeCodes, storeCodesField } from './batch';
import { setStatus, statusField } from './status';

const show = { resource: ['storeImStatus'], operation: ['batchSet'] };

export const description: INodeProperties[] = [storeCodesField(show), statusField(show)];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject[]> {
	const status = Number(this.getNodeParameter('imStatus', i, 1));
	const out: IDataObject[] = [];
	for (const code of storeCodes.call(this, i)) out.push(await setStatus.call(this, i, code, status));
	return out;
}
