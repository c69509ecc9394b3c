import { escapeHtml } from '../../http/responses.ts';

/** Wraps page content in the emulator's minimal Salesforce-looking HTML document. */
export function renderPage(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; background: #f3f3f3; margin: 0; }
main { max-width: 380px; margin: 60px auto; background: #fff; border: 1px solid #ddd; border-radius: 4px; padding: 24px; }
label { display: block; margin: 12px 0 4px; }
input[type=text], input[type=password] { width: 100%; box-sizing: border-box; padding: 8px; }
button { margin-top: 16px; padding: 8px 16px; }
.error { color: #c23934; }
</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`;
}
