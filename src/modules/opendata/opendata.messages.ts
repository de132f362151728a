// Messages of the open-data API (problem details). Dutch at B1 first, English second.
export const nl = {
  'opendata.error.unknownRegion': 'Er is geen arbeidsmarktregio met code {region}. Gebruik een code als AM05.',
} as const;

export const en: Record<keyof typeof nl, string> = {
  'opendata.error.unknownRegion': 'There is no labour-market region with code {region}. Use a code like AM05.',
};

declare module '../../platform/i18n/index.ts' {
  interface Messages extends Record<keyof typeof nl, string> {}
}
