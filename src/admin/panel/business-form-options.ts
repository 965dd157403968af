import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { BUSINESS_LANGUAGES, currencyChoices, phoneCountryChoices, timeZoneChoices } from '../../app/catalog/business-settings.ts';
import type { PanelContext } from './panel-route.ts';

/** One `<option>` of a select. */
export interface SelectOption {
  value: string;
  label: string;
}

/** The selects of a business's settings form, labelled in the page's language. */
export interface BusinessFormOptions {
  timeZones: SelectOption[];
  languages: SelectOption[];
  currencies: SelectOption[];
  phoneCountries: SelectOption[];
}

function displayNames(language: string, type: 'currency' | 'region'): (code: string) => string {
  try {
    const names = new Intl.DisplayNames([language, 'en'], { type, fallback: 'code' });
    return (code) => names.of(code) ?? code;
  } catch {
    return (code) => code;
  }
}

/**
 * The options of the zone, language, currency and phone-country selects. Zones read
 * `Asia/Almaty`; currencies `KZT — Kazakhstani tenge` (the common ones first); countries
 * by name in the page's language with their calling code. A current value that is not
 * listed (a zone saved before it was renamed) is kept as an option, so saving the form
 * does not change it by surprise.
 */
export function businessFormOptions(panel: PanelContext, current: { timeZone?: string; currency?: string } = {}): BusinessFormOptions {
  const { language, t } = panel;
  const zones = timeZoneChoices();
  const zoneValues = current.timeZone && !zones.includes(current.timeZone) ? [current.timeZone, ...zones] : zones;
  const currencyName = displayNames(language, 'currency');
  const currencies = currencyChoices();
  const currencyValues = current.currency && !currencies.includes(current.currency) ? [current.currency, ...currencies] : currencies;
  const countryName = displayNames(language, 'region');
  const collator = new Intl.Collator(language);
  return {
    timeZones: zoneValues.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') })),
    languages: BUSINESS_LANGUAGES.map((l) => ({ value: l, label: t(`panel.languages.${l}`) })),
    currencies: currencyValues.map((code) => ({ value: code, label: `${code} — ${currencyName(code)}` })),
    phoneCountries: phoneCountryChoices()
      .map((code) => ({ value: code, label: `${countryName(code)} (+${getCountryCallingCode(code as CountryCode)})` }))
      .sort((a, b) => collator.compare(a.label, b.label)),
  };
}
