/** The app's addresses of a day's views: what pages link to, alerts and share links point at. */
export const summaryPath = (date: string) => `/scorecards/${date}`;

export const marketPath = (date: string, site: string, market: string) =>
  `/scorecards/${date}/${encodeURIComponent(site)}/${encodeURIComponent(market)}`;
