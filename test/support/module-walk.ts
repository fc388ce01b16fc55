/**
 * A learner going through a module as the pages lead them, without JavaScript: every
 * section by its "Next section" link, one try of the check, then "Mark as completed".
 * Tests that need completed modules produce the evidence through these real requests.
 */
type Page = { status: number; text: string; headers: Record<string, string | undefined> };
type Client = {
  get(path: string): PromiseLike<Page>;
  post(path: string, form?: Record<string, string | string[]>): PromiseLike<Page>;
};

/** Opens the module and follows "Next section" to its last section; returns that page. */
export async function readAllSections(client: Client, slug: string, key: string): Promise<Page> {
  let page = await client.get(`/courses/${slug}/modules/${key}`);
  for (let i = 0; i < 100; i += 1) {
    const next = /data-testid="next-section" href="([^"]+)"/.exec(page.text)?.[1];
    if (!next) return page;
    page = await client.get(next);
  }
  throw new Error(`module ${key}: more than 100 sections`);
}

/** Submits the module's check from its last section page, choosing the first option of each question. */
export async function tryCheck(client: Client, lastSection: Page): Promise<Page> {
  const form = /<form method="post" action="([^"]+\/check)">([\s\S]*?)<\/form>/.exec(lastSection.text);
  if (!form) throw new Error('the page has no check form');
  const answers: Record<string, string> = {};
  for (const input of (form[2] as string).matchAll(/<input type="(?:radio|checkbox)" name="([^"]+)" value="([^"]+)"/g)) answers[input[1] as string] ??= input[2] as string;
  return client.post(form[1] as string, answers);
}

/** Reaches every section, tries the check and completes the module; returns the completion response. */
export async function completeModule(client: Client, slug: string, key: string): Promise<Page> {
  await tryCheck(client, await readAllSections(client, slug, key));
  return client.post(`/courses/${slug}/modules/${key}/complete`);
}
