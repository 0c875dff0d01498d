// ESLint 9 flat config: n8n's two community-node rule sets over the shipped code.
import tseslint from 'typescript-eslint';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import communityNodes from '@n8n/eslint-plugin-community-nodes';

const tsFiles = ['credentials/**/*.ts', 'nodes/**/*.ts', 'index.ts'];

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'test/**', 'coverage/**', '*.js', 'examples/**'] },
	{
		files: tsFiles,
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{
		files: [...tsFiles, 'package.json'],
		...communityNodes.configs.recommended,
	},
	{
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: { ...n8nNodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			// n8n's rule applies to its own repository's doc slugs; community credentials link full URLs
			// (n8n-nodes-starter turns it off for the same reason).
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			// These two want the string 'main'; @n8n/community-nodes (node-connection-type-literal), the
			// newer rule set, wants NodeConnectionTypes.Main. The newer one wins.
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
