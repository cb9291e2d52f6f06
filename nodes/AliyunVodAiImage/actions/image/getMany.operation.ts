import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { fieldError } from '../../../shared/errors';
import type { VodContext } from '../../helpers/context';
import { parseImageInfo } from '../../helpers/parse';
import { asItems, runPerItem } from '../../../shared/perItem';
import { vodRequest } from '../../transport';
import { textParameter } from '../../helpers/parameters';

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
		const videoId = textParameter(this, 'videoId', itemIndex);
		if (!videoId) throw fieldError(this.getNode(), itemIndex, 'Video ID', 'is empty', 'Enter a VOD video ID or map it, e.g. {{ $json.VideoId }}.');
		const body = await vodRequest.call(this, context, 'ListAIImageInfo', { VideoId: videoId }, { kind: 'read', itemIndex });
		const list = Array.isArray(body.AIImageInfoList) ? (body.AIImageInfoList as IDataObject[]) : [];
		const images = list.map(parseImageInfo);
		return asItems({ VideoId: videoId, count: images.length, images, RequestId: body.RequestId });
	});
}
