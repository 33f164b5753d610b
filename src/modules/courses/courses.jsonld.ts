import type { Course, CourseSession } from '../../db/schema/index.js';
import { prefectureName } from '../../lib/regions.js';

/**
 * schema.org Course with one CourseInstance per session (https://schema.org/Course), so search engines
 * can show the dates. Online links are never in it: they are for people with a place.
 */
export function courseJsonLd(
  course: Course,
  sessions: Omit<CourseSession, 'onlineUrl'>[],
  organiserName: string,
  publicUrl: string,
) {
  const url = `${publicUrl}/courses/${course.id}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'Course',
    name: course.title,
    description: course.description,
    url,
    inLanguage: 'ja',
    provider: { '@type': 'Organization', name: organiserName },
    audience: { '@type': 'Audience', audienceType: course.audience },
    offers: {
      '@type': 'Offer',
      price: course.feeYen,
      priceCurrency: 'JPY',
      category: course.feeYen === 0 ? 'Free' : 'Paid',
      ...(course.feeWaiver ? { description: course.feeWaiver } : {}),
    },
    hasCourseInstance: sessions.map((session) => ({
      '@type': 'CourseInstance',
      courseMode: session.online ? 'online' : 'onsite',
      startDate: `${session.date}T${session.startTime.slice(0, 5)}:00+09:00`,
      endDate: `${session.date}T${session.endTime.slice(0, 5)}:00+09:00`,
      maximumAttendeeCapacity: course.capacity,
      location: session.online
        ? { '@type': 'VirtualLocation', url }
        : {
            '@type': 'Place',
            name: session.venueName,
            address: {
              '@type': 'PostalAddress',
              streetAddress: session.address,
              addressRegion: prefectureName(course.prefectureCode, 'ja'),
              addressCountry: 'JP',
            },
          },
    })),
  };
}
