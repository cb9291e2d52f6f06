/** The shipped safe XML parser (nodes/shared/xml.ts): shape, entities, CDATA, and every refusal. */
import { parseXml, XmlParseError } from '../../../nodes/shared/xml';

test('elements, repeated elements, attributes, empty elements, CDATA, predefined and numeric entities', () => {
	const doc = parseXml(
		'<?xml version="1.0" encoding="UTF-8"?><!-- c --><root kind="a &gt; b"><x>1 &amp; &lt;2&gt; &quot;&apos;</x><x>&#65;&#x42;&#x1F600;</x>' +
			'<y/><z><![CDATA[<b>&amp;</b>]]></z><n><m>v</m>text</n></root>',
	);
	expect(doc).toEqual({
		root: {
			$: { kind: 'a > b' },
			x: ['1 & <2> "\'', 'AB😀'],
			y: '',
			z: '<b>&amp;</b>',
			n: { m: 'v', _: 'text' },
		},
	});
});

test('element names that look like prototype keys stay plain keys', () => {
	const doc = parseXml('<r><__proto__><polluted>yes</polluted></__proto__><constructor>c</constructor></r>') as any;
	expect(({} as any).polluted).toBeUndefined();
	expect(Object.getPrototypeOf(doc.r)).toBe(Object.prototype);
	expect(Object.keys(doc.r)).toEqual(['__proto__', 'constructor']);
});

test.each([
	['DOCTYPE with internal entities (billion laughs)', '<!DOCTYPE a [<!ENTITY a "x"><!ENTITY b "&a;&a;">]><r>&b;</r>', /DOCTYPE/],
	['external entity (XXE)', '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>', /DOCTYPE/],
	['undeclared entity', '<r>&nbsp;</r>', /Undefined entity/],
	['bare ampersand', '<r>a & b</r>', /entity/],
	['invalid char reference', '<r>&#xD800;</r>', /character reference/],
	['mismatched tags', '<r><a></b></r>', /closing tag/],
	['unclosed root', '<r><a></a>', /Unclosed/],
	['two roots', '<r/><s/>', /root/],
	['text outside root', 'hello <r/>', /outside/],
	['no root', '<?xml version="1.0"?>', /root/],
	['unterminated comment', '<r><!-- x</r>', /comment/],
	['unquoted attribute', '<r a=1/>', /quoted/],
])('refuses %s', (_name, xml, message) => {
	expect(() => parseXml(xml)).toThrow(XmlParseError);
	expect(() => parseXml(xml)).toThrow(message);
});

test('bounds: depth, size and element count', () => {
	expect(() => parseXml('<a>'.repeat(40) + '</a>'.repeat(40), { maxDepth: 32 })).toThrow(/deeper than 32/);
	expect(parseXml('<a>'.repeat(30) + '</a>'.repeat(30), { maxDepth: 32 })).toBeDefined();
	expect(() => parseXml(`<r>${'x'.repeat(100)}</r>`, { maxLength: 50 })).toThrow(/larger than 50/);
	expect(() => parseXml(`<r>${'<i/>'.repeat(11)}</r>`, { maxElements: 10 })).toThrow(/More than 10 elements/);
});

test('a 5 000-entry message parses into an array of 5 000 records', () => {
	let xml = '<callback><task_id>t</task_id>';
	for (let i = 0; i < 5000; i++) xml += `<entry_info><entry_id>e${i}</entry_id><ai_result><output>{&quot;k&quot;:${i}}</output></ai_result></entry_info>`;
	const doc = parseXml(`${xml}</callback>`) as any;
	expect(doc.callback.entry_info).toHaveLength(5000);
	expect(JSON.parse(doc.callback.entry_info[4999].ai_result.output)).toEqual({ k: 4999 });
});

test('bound: attribute count over the whole document', () => {
	expect(() => parseXml(`<r>${'<i a="1" b="2"/>'.repeat(6)}</r>`, { maxAttributes: 11 })).toThrow(/More than 11 attributes/);
	expect(parseXml(`<r>${'<i a="1" b="2"/>'.repeat(5)}</r>`, { maxAttributes: 10 })).toBeDefined();
});
