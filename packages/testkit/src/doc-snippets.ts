/**
 * The runnable snippets of a Markdown page, by title: every fenced block whose info string is `lang title=name`,
 * body as written (with a final newline). The docs' tests run them, so a page cannot drift from what works.
 */
export function docSnippets(markdown: string): Map<string, string> {
  const snippets = new Map<string, string>();
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith('```')) continue;
    const info = line.slice(3).split(' ');
    const title = info.find((word) => word.startsWith('title='))?.slice('title='.length);
    const body: string[] = [];
    for (i++; i < lines.length && lines[i] !== '```'; i++) body.push(lines[i] ?? '');
    if (title) snippets.set(title, `${body.join('\n')}\n`);
  }
  return snippets;
}
