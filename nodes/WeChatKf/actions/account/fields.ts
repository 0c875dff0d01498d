/** Descriptions the account operations share (descriptions only). */
import type { INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';
import type { MediaSourceNames } from '../common/media';
import { mediaSourceProperties } from '../common/media';

/** account/add: name 不多于16个字符 (path/94662). */
export const NAME_MAX_CHARS = 16;

export const AVATAR: MediaSourceNames = { source: 'avatarSource', mediaId: 'avatarMediaId', binary: 'avatarBinaryPropertyName', label: 'Avatar' };

export function nameField(show: Show, required: boolean): INodeProperties {
	return {
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required,
		default: '',
		description: `The account name customers see, at most ${NAME_MAX_CHARS} characters${required ? '' : '. Empty: unchanged.'}`,
		displayOptions: { show },
	};
}

/** The avatar's source, shown where `show` applies (and, for Update, only when it is changed). */
export function avatarFields(show: Show): INodeProperties[] {
	return mediaSourceProperties(AVATAR, 'the avatar').map((property) => ({
		...property,
		displayOptions: { show: { ...show, ...property.displayOptions?.show } },
	}));
}
