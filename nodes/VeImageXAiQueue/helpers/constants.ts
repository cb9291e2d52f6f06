/** Values documented in veimagex-api.md §3. */

/** Queue `Attribute` values listed by the current docs (the SDKs still list only the first four). */
export const QUEUE_ATTRIBUTES: Array<{ name: string; value: string; description: string }> = [
	{ name: 'AI Super Resolution', value: 'ai_super_resolution', description: 'AI upscaling' },
	{ name: 'Background Fill', value: 'bgfill', description: 'Extend an image by filling its background' },
	{ name: 'Super Resolution', value: 'super_resolution', description: 'Classic upscaling' },
	{ name: 'Infinite Creations', value: 'InfiniteCreations', description: 'Generative variations' },
	{ name: 'Image Translate', value: 'image_translate', description: 'Translate the text in images' },
	{ name: 'Image Quality Evaluate', value: 'image_quality_evaluate', description: 'Score image quality' },
];

/** The system workflow templates named in the docs; any other (per-component or custom) ID is typed "By ID". */
export const SYSTEM_WORKFLOW_TEMPLATES: Array<{ name: string; value: string }> = [
	{ name: 'AI Super Resolution', value: 'system_workflow_ai_super_resolution' },
	{ name: 'Product Image', value: 'system_workflow_product_img' },
];

/** Documented DataList limit of CreateImageAITask. */
export const MAX_IMAGES_PER_TASK = 10_000;
/** GetImageAITasks / GetImageAIDetails accept windows of at most 7 days. */
export const MAX_WINDOW_SECONDS = 7 * 24 * 3600;
export const QUEUE_PAGE_SIZE = 100;
export const TASK_PAGE_SIZE = 1000;
export const ENTRY_PAGE_SIZE = 100;

export const TASK_FINAL_STATUSES = ['Done', 'Failed', 'Cancel'];
