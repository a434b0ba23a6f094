/**
 * The device's position, for GPS fields. Satellite positioning needs no network, so it works at a
 * site with no signal; the browser asks the person's permission the first time.
 */
export interface Position {
  latitude: number;
  longitude: number;
  accuracyMetres: number;
}

export function currentPosition(timeoutMs = 20_000): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new Error('geolocation is not available on this device'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({
        latitude: position.coords.latitude,
        longitude: position.coords.longitude,
        accuracyMetres: position.coords.accuracy,
      }),
      (error) => reject(new Error(error.message || `geolocation error ${error.code}`)),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}
