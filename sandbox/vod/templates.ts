/** AI template actions (vod-api.md §2.6): Add/Get/List/Update/Delete/SetDefault/GetDefault. */
import type { ActionContext, ActionHandler } from './actionContext';
import { forbidden, invalidParameter, templateNotFound } from './errors';
import { type Template, utc } from './state';
import { required, templateConfig, templateName, templateType } from './validation';

function find(a: ActionContext): Template {
	const id = required(a.params, 'TemplateId');
	const template = a.state.templates.get(id);
	if (!template) throw templateNotFound(id);
	return template;
}

export const templateActions: Record<string, ActionHandler> = {
	AddAITemplate(a) {
		const TemplateName = templateName(a.params);
		const TemplateType = templateType(a.params);
		const TemplateConfig = templateConfig(a.params, TemplateType);
		const at = utc(a.now());
		const template: Template = {
			TemplateId: a.newId(), TemplateName, TemplateType, TemplateConfig,
			Source: 'Custom', IsDefault: 'NotDefault', CreationTime: at, ModifyTime: at,
		};
		a.state.templates.set(template.TemplateId, template);
		return { TemplateId: template.TemplateId };
	},

	GetAITemplate(a) {
		return { TemplateInfo: { ...find(a) } };
	},

	ListAITemplate(a) {
		const type = templateType(a.params);
		const list = [...a.state.templates.values()].filter((t) => t.TemplateType === type);
		return { TemplateInfoList: list.map((t) => ({ ...t })) };
	},

	UpdateAITemplate(a) {
		const template = find(a);
		const TemplateName = templateName(a.params);
		const TemplateConfig = templateConfig(a.params, template.TemplateType);
		if (template.Source === 'System') throw forbidden('System templates cannot be modified.');
		Object.assign(template, { TemplateName, TemplateConfig, ModifyTime: utc(a.now()) });
		return { TemplateId: template.TemplateId };
	},

	DeleteAITemplate(a) {
		const template = find(a);
		// Documented: the default template cannot be deleted. System templates are not the user's to delete either.
		if (template.IsDefault === 'Default') throw forbidden('The default template cannot be deleted. Set another template as default first.');
		if (template.Source === 'System') throw forbidden('System templates cannot be deleted.');
		a.state.templates.delete(template.TemplateId);
		return { TemplateId: template.TemplateId };
	},

	SetDefaultAITemplate(a) {
		const template = find(a);
		for (const other of a.state.templates.values()) {
			if (other.TemplateType === template.TemplateType) other.IsDefault = 'NotDefault';
		}
		template.IsDefault = 'Default';
		template.ModifyTime = utc(a.now());
		return { TemplateId: template.TemplateId };
	},

	GetDefaultAITemplate(a) {
		const type = templateType(a.params);
		if (type !== 'AIMediaAudit') throw invalidParameter('TemplateType', 'Only AIMediaAudit is supported.');
		const template = [...a.state.templates.values()].find((t) => t.TemplateType === type && t.IsDefault === 'Default');
		return template ? { TemplateInfo: { ...template } } : {};
	},
};
