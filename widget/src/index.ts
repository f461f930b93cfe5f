// Entry of the bundle: registers <booking-widget>.
import { BookingWidget } from './element';

if (!customElements.get('booking-widget')) customElements.define('booking-widget', BookingWidget);

export { BookingWidget };
