import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { changeMembers, membersDescription } from './members';

export const description: INodeProperties[] = membersDescription('tagUsers');

/** POST /cgi-bin/tags/members/batchtagging — …/User_Tag_Management.html; a follower has at most 20 tags. */
export async function execute(this: IExecuteFunctions, i: number): Promise<IDataObject> {
	return await changeMembers.call(this, i, '/cgi-bin/tags/members/batchtagging');
}
