import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fail } from '../../../shared/params';
import { keyFrom } from '../../../shared/router';
import { storeCodeField, textParameter } from '../common';
import { setStatus, statusField } from './status';

const show = { resource: ['storeImStatus'], operation: ['set'] };

export const description: INodeProperties[] = [storeCodeField(show, 'The store code (app_poi_code)'), statusField(show)];

export const orderingKey = keyFrom('appPoiCode', 'store');

export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	const code = textParameter.call(this, 'appPoiCode', i);
	if (!code) fail.call(this, i, 'Store Code is empty');
	return await setStatus.call(this, i, code, Number(this.getNodeParameter('imStatus', i, 1)));
}
