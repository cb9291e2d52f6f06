import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { VodContext } from '../../helpers/context';
import { parseImageInfo } from '../../helpers/parse';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { idParameter } from '../../helpers/parameters';

const properties: INodeProperties[] = [
	{
		displayName: 'Video ID',
		name: 'videoId',
		type: 'string',
		required: true,
		default: '={{ $json.VideoId }}',
		description: 'The video whose AI thumbnails to list. Each item gets all of its images in "images", with signed FileURL links and Score as a number.',
	},
];

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['getMany'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[], context: VodContext): Promise<INodeExecutionData[]> {
	return await runPerItem.call(this, items, async (itemIndex) => {
		const videoId = idParameter(this, 'videoId', itemIndex, 'Video ID', { required: true, fix: 'Enter a VOD video ID or map it, e.g. {{ $json.VideoId }}.' });
		const body = await vodRequest.call(this, context, 'ListAIImageInfo', { VideoId: videoId }, { kind: 'read', itemIndex });
		const list = Array.isArray(body.AIImageInfoList) ? (body.AIImageInfoList as IDataObject[]) : [];
		const images = list.map(parseImageInfo);
		return asItems({ VideoId: videoId, count: images.length, images, RequestId: body.RequestId });
	});
}
