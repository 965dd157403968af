import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPanelInBrowser, type PanelInBrowser } from '../../support/browser.ts';
import { startPanelHarness, type PanelHarness } from '../../support/panel-harness.ts';
import { bookReportWeek, REPORT_DAYS } from '../../support/report-bookings.ts';
import { createTestDatabase, type TestDatabase } from '../../support/test-database.ts';

// The Reports page in headless Chromium: the uPlot charts draw from the page's JSON
// block under the panel's CSP (no inline script or style), the heatmap is shaded by
// class, and the page stays accessible. The screenshot is for people to look at.
let db: TestDatabase;
let h: PanelHarness;
let panel: PanelInBrowser;

beforeAll(async () => {
  db = await createTestDatabase();
  h = await startPanelHarness(db.orm);
  await bookReportWeek(h.world);
  panel = await openPanelInBrowser(h);
}, 60_000);
afterAll(async () => {
  await panel?.close();
  await h?.close();
  await db?.drop();
});

/** The few browser objects the checks below touch (tests compile without the DOM's types). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}
interface BrowserGlobals {
  document: { querySelector(selector: string): Canvas | null };
  uPlot?: unknown;
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/** How many pixels of a chart's canvas are painted, and how many in the chart's own colour (RGB). */
async function paintedPixels(id: string, colour: [number, number, number]): Promise<{ width: number; height: number; painted: number; coloured: number }> {
  return panel.page.evaluate(
    ([chartId, [r, g, b]]) => {
      const canvas = (globalThis as unknown as BrowserGlobals).document.querySelector(`#${chartId} canvas`);
      if (!canvas) return { width: 0, height: 0, painted: 0, coloured: 0 };
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      let coloured = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3]! === 0) continue;
        painted += 1;
        if (Math.abs(pixels[i]! - r) + Math.abs(pixels[i + 1]! - g) + Math.abs(pixels[i + 2]! - b) < 60) coloured += 1;
      }
      return { width: canvas.width, height: canvas.height, painted, coloured };
    },
    [id, colour] as const,
  );
}

describe('Reports in a browser', () => {
  it('draws the charts with uPlot from the JSON block, shades the heatmap, and is accessible', async () => {
    const { page, home, signIn, inspect, errors } = panel;
    await signIn('manager');
    await page.getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(`${home}/reports`);
    await page.fill('#report-from', REPORT_DAYS.first);
    await page.fill('#report-to', REPORT_DAYS.second);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`${home}/reports?from=${REPORT_DAYS.first}&to=${REPORT_DAYS.second}`);
    await page.locator('#chart-bookings canvas').waitFor();
    await page.locator('#chart-services canvas').waitFor();

    const data = JSON.parse((await page.locator('#report-chart-data').textContent()) ?? '{}') as { booked: number[]; revenue: number[] };
    expect(data.booked).toEqual([2, 2]);
    expect(data.revenue).toEqual([600, 1200]);
    expect(await page.evaluate(() => typeof (globalThis as unknown as BrowserGlobals).uPlot)).toBe('function');

    // The bookings line (#2563eb), the revenue bars (#047857) and the service bars (#7c3aed) are on their canvases.
    const line = await paintedPixels('chart-bookings', [37, 99, 235]);
    const bars = await paintedPixels('chart-revenue', [4, 120, 87]);
    const services = await paintedPixels('chart-services', [124, 58, 237]);
    for (const [name, chart] of Object.entries({ line, bars, services })) {
      expect(chart.width, name).toBeGreaterThan(200);
      expect(chart.height, name).toBeGreaterThan(100);
      expect(chart.coloured, name).toBeGreaterThan(50);
    }
    // uPlot's legend names the series in the page's words.
    expect(await page.locator('#chart-bookings .u-legend').textContent()).toContain('Cancelled');

    // Tuesday 10:00 (two visits) is the busiest cell: the darkest class, its colour from reports.css.
    const busiest = page.locator('#heatmap td.heat-5');
    expect(await busiest.count()).toBe(1);
    expect(await busiest.textContent()).toBe('2');
    expect(await busiest.evaluate((cell) => (globalThis as unknown as BrowserGlobals).getComputedStyle(cell).backgroundColor)).toBe('rgb(30, 58, 138)');

    await inspect('reports-overview');

    // The finance tab keeps the range.
    await page.getByRole('link', { name: 'Finance and expenses' }).click();
    await page.waitForURL(`${home}/reports/finance?from=${REPORT_DAYS.first}&to=${REPORT_DAYS.second}`);
    expect(await page.locator('#payment-methods').textContent()).toContain('Cash');
    await inspect('reports-finance');
    expect(errors).toEqual([]);
  });
});
