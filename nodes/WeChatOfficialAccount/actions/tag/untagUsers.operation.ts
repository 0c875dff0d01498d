import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { changeMembers, membersDescription } from './members';

export const description: INodeProperties[] = membersDescription('untagUsers');

/** POST /cgi-bin/tags/members/batchuntagging — …/User_Tag_Management.html */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await changeMembers.call(this, i, '/cgi-bin/tags/members/batchuntagging');
}
