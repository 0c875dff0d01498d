import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail } from '../../../shared/params';
import { storeCodeField, textParameter } from '../common';
import { getStatus } from './status';

const show = { resource: ['storeImStatus'], operation: ['get'] };

export const description: INodeProperties[] = [storeCodeField(show, 'The store code (app_poi_code)')];

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const code = textParameter.call(this, 'appPoiCode', i);
	if (!code) fail.call(this, i, 'Store Code is empty');
	return await getStatus.call(this, i, code);
}
