import type { INodeProperties } from 'n8n-workflow';
import type { Show } from '../../../shared/fields';

export function mediaTypeField(show: Show): INodeProperties {
	return {
		displayName: 'Media Type',
		name: 'mediaType',
		type: 'options',
		options: [
			{ name: 'Image', value: 'image', description: 'BMP, PNG, JPEG, JPG or GIF, at most 10 MB' },
			{ name: 'Thumb', value: 'thumb', description: 'JPG, at most 64 KB (covers of music and videos)' },
			{ name: 'Video', value: 'video', description: 'MP4, at most 10 MB' },
			{ name: 'Voice', value: 'voice', description: 'AMR or MP3, at most 2 MB and 60 seconds' },
		],
		default: 'image',
		displayOptions: { show },
	};
}

export function mediaIdField(show: Show, description: string): INodeProperties {
	return { displayName: 'Media ID', name: 'mediaId', type: 'string', required: true, default: '', description, displayOptions: { show } };
}

export { outputBinaryField } from '../../../shared/wechat/media';
