/**
 * Just enough astronomy for the lunisolar calendar, after Jean Meeus, "Astronomical Algorithms" (2nd ed.):
 * mean and true new moons (ch. 49), the Sun's apparent longitude (ch. 25, low accuracy, ~0.01°) and ΔT
 * (Espenak & Meeus polynomials). Julian days here are in Universal Time unless a name says TT.
 */

const DEGREE = Math.PI / 180;

/** Julian day of 1970-01-01 00:00 UT, the origin of DayNumber. */
export const JULIAN_DAY_OF_DAY_NUMBER_ZERO = 2440587.5;

const MEAN_SYNODIC_MONTH = 29.530588861;
const FIRST_NEW_MOON_OF_2000_TT = 2451550.09766;

function sinDeg(angle: number): number {
  return Math.sin(angle * DEGREE);
}

function normalizeDegrees(angle: number): number {
  const reduced = angle % 360;
  return reduced < 0 ? reduced + 360 : reduced;
}

/** TT − UT in seconds. Only ~1 minute in the supported range, but a new moon can sit that close to midnight. */
export function deltaTSeconds(decimalYear: number): number {
  const y = decimalYear;
  if (y < 1900) {
    const t = y - 1860;
    return (
      7.62 + 0.5737 * t - 0.251754 * t ** 2 + 0.01680668 * t ** 3 - 0.0004473624 * t ** 4 + t ** 5 / 233174
    );
  }
  if (y < 1920) {
    const t = y - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (y < 1941) {
    const t = y - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (y < 1961) {
    const t = y - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (y < 1986) {
    const t = y - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (y < 2005) {
    const t = y - 2000;
    return (
      63.86 +
      0.3345 * t -
      0.060374 * t ** 2 +
      0.0017275 * t ** 3 +
      0.000651814 * t ** 4 +
      0.00002373599 * t ** 5
    );
  }
  if (y < 2050) {
    const t = y - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  if (y < 2150) {
    return -20 + 32 * ((y - 1820) / 100) ** 2 - 0.5628 * (2150 - y);
  }
  return -20 + 32 * ((y - 1820) / 100) ** 2;
}

function decimalYearOfJulianDay(julianDay: number): number {
  return 2000 + (julianDay - 2451545.0) / 365.25;
}

/** Index of the new moon nearest a Julian day (k = 0 is 2000-01-06), for use with newMoonJulianDay. */
export function newMoonIndexNear(julianDay: number): number {
  return Math.round((julianDay - FIRST_NEW_MOON_OF_2000_TT) / MEAN_SYNODIC_MONTH);
}

const PLANETARY_ARGUMENTS: ReadonlyArray<readonly [base: number, rate: number, amplitude: number]> = [
  [299.77, 0.107408, 0.000325],
  [251.88, 0.016321, 0.000165],
  [251.83, 26.651886, 0.000164],
  [349.42, 36.412478, 0.000126],
  [84.66, 18.206239, 0.00011],
  [141.74, 53.303771, 0.000062],
  [207.14, 2.453732, 0.00006],
  [154.84, 7.30686, 0.000056],
  [34.52, 27.261239, 0.000047],
  [207.19, 0.121824, 0.000042],
  [291.34, 1.844379, 0.00004],
  [161.72, 24.198154, 0.000037],
  [239.56, 25.513099, 0.000035],
  [331.55, 3.592518, 0.000023],
];

/** Julian day (UT) of true new moon number k (Meeus ch. 49, with all periodic and planetary terms). */
export function newMoonJulianDay(k: number): number {
  const t = k / 1236.85;
  const meanTT =
    FIRST_NEW_MOON_OF_2000_TT +
    MEAN_SYNODIC_MONTH * k +
    0.00015437 * t ** 2 -
    0.00000015 * t ** 3 +
    0.00000000073 * t ** 4;
  const e = 1 - 0.002516 * t - 0.0000074 * t ** 2;
  const sunAnomaly = 2.5534 + 29.1053567 * k - 0.0000014 * t ** 2 - 0.00000011 * t ** 3;
  const moonAnomaly =
    201.5643 + 385.81693528 * k + 0.0107582 * t ** 2 + 0.00001238 * t ** 3 - 0.000000058 * t ** 4;
  const latitudeArgument =
    160.7108 + 390.67050284 * k - 0.0016118 * t ** 2 - 0.00000227 * t ** 3 + 0.000000011 * t ** 4;
  const ascendingNode = 124.7746 - 1.56375588 * k + 0.0020672 * t ** 2 + 0.00000215 * t ** 3;
  const M = sunAnomaly;
  const Mp = moonAnomaly;
  const F = latitudeArgument;

  const periodic =
    -0.4072 * sinDeg(Mp) +
    0.17241 * e * sinDeg(M) +
    0.01608 * sinDeg(2 * Mp) +
    0.01039 * sinDeg(2 * F) +
    0.00739 * e * sinDeg(Mp - M) -
    0.00514 * e * sinDeg(Mp + M) +
    0.00208 * e * e * sinDeg(2 * M) -
    0.00111 * sinDeg(Mp - 2 * F) -
    0.00057 * sinDeg(Mp + 2 * F) +
    0.00056 * e * sinDeg(2 * Mp + M) -
    0.00042 * sinDeg(3 * Mp) +
    0.00042 * e * sinDeg(M + 2 * F) +
    0.00038 * e * sinDeg(M - 2 * F) -
    0.00024 * e * sinDeg(2 * Mp - M) -
    0.00017 * sinDeg(ascendingNode) -
    0.00007 * sinDeg(Mp + 2 * M) +
    0.00004 * sinDeg(2 * Mp - 2 * F) +
    0.00004 * sinDeg(3 * M) +
    0.00003 * sinDeg(Mp + M - 2 * F) +
    0.00003 * sinDeg(2 * Mp + 2 * F) -
    0.00003 * sinDeg(Mp + M + 2 * F) +
    0.00003 * sinDeg(Mp - M + 2 * F) -
    0.00002 * sinDeg(Mp - M - 2 * F) -
    0.00002 * sinDeg(3 * Mp + M) +
    0.00002 * sinDeg(4 * Mp);

  let planetary = 0;
  for (const [index, [base, rate, amplitude]] of PLANETARY_ARGUMENTS.entries()) {
    const argument = base + rate * k - (index === 0 ? 0.009173 * t ** 2 : 0);
    planetary += amplitude * sinDeg(argument);
  }

  const trueTT = meanTT + periodic + planetary;
  return trueTT - deltaTSeconds(decimalYearOfJulianDay(trueTT)) / 86400;
}

/** The Sun's apparent geocentric longitude in degrees [0, 360) at a Julian day in UT (Meeus ch. 25). */
export function apparentSunLongitude(julianDayUT: number): number {
  const julianDayTT = julianDayUT + deltaTSeconds(decimalYearOfJulianDay(julianDayUT)) / 86400;
  const t = (julianDayTT - 2451545.0) / 36525;
  const meanLongitude = 280.46646 + 36000.76983 * t + 0.0003032 * t ** 2;
  const meanAnomaly = 357.52911 + 35999.05029 * t - 0.0001537 * t ** 2;
  const equationOfCentre =
    (1.914602 - 0.004817 * t - 0.000014 * t ** 2) * sinDeg(meanAnomaly) +
    (0.019993 - 0.000101 * t) * sinDeg(2 * meanAnomaly) +
    0.000289 * sinDeg(3 * meanAnomaly);
  const ascendingNode = 125.04 - 1934.136 * t;
  // Nutation in longitude and aberration, the two corrections from true to apparent longitude.
  return normalizeDegrees(meanLongitude + equationOfCentre - 0.00569 - 0.00478 * sinDeg(ascendingNode));
}

/** Julian day (UT) at which the Sun's apparent longitude reaches `targetLongitude`, searched near `guess`. */
export function julianDayOfSunLongitude(targetLongitude: number, guess: number): number {
  let julianDay = guess;
  for (let iteration = 0; iteration < 8; iteration += 1) {
    const gap = normalizeDegrees(targetLongitude - apparentSunLongitude(julianDay) + 180) - 180;
    julianDay += (gap / 360) * 365.2422;
    if (Math.abs(gap) < 1e-7) break;
  }
  return julianDay;
}
