//! The benchmark's data: six users, nine products and eleven reviews, in memory.
//!
//! The shape follows the public gateway benchmark's workload (the same counts, the same
//! reviews-per-product spread, review bodies of similar lengths, so responses are of the same
//! size), but the relations are consistent: a review's author is a real user, a user's reviews
//! are the reviews they wrote, and `Review.author.username` (which the reviews subgraph
//! provides) agrees with what accounts says. That way a gateway that merges entities wrongly
//! gives a visibly wrong answer instead of a plausible one.

/// A user as accounts stores it.
#[derive(Clone, Copy, Debug)]
pub struct UserRow {
    pub id: &'static str,
    pub name: &'static str,
    pub username: &'static str,
    /// Seconds since the epoch, as an `Int` (the public workload's type).
    pub birthday: i32,
}

/// A product as the products subgraph stores it; `in_stock` belongs to inventory.
#[derive(Clone, Copy, Debug)]
pub struct ProductRow {
    pub upc: &'static str,
    pub name: &'static str,
    pub price: i32,
    pub weight: i32,
    pub in_stock: bool,
}

/// A review as the reviews subgraph stores it.
#[derive(Clone, Copy, Debug)]
pub struct ReviewRow {
    pub id: &'static str,
    pub body: &'static str,
    pub product_upc: &'static str,
    pub author_id: &'static str,
}

pub const USERS: [UserRow; 6] = [
    user("1", "Aiko Tanaka", "aiko", 631_152_000),
    user("2", "Minh Nguyen", "minh", 712_540_800),
    user("3", "Priya Raman", "priya", 820_454_400),
    user("4", "Kenji Sato", "kenji", 567_993_600),
    user("5", "Maria Santos", "maria", 915_148_800),
    user("6", "Lars Berg", "lars", 473_385_600),
];

pub const PRODUCTS: [ProductRow; 9] = [
    product("1", "Desk", 899, 100, true),
    product("2", "Sofa", 1299, 1000, false),
    product("3", "Mug", 15, 20, false),
    product("4", "Chair", 499, 100, false),
    product("5", "Monitor", 1299, 1000, true),
    product("6", "Lamp", 6999, 300, true),
    product("7", "Bookshelf", 3999, 2000, true),
    product("8", "Fridge", 100_000, 6000, false),
    product("9", "Rug", 9999, 800, true),
];

const LONG: &str = "Bought this for a small apartment in Osaka and it has held up through two moves \
without a wobble. The surface takes a laptop, two monitors and a stack of Japanese textbooks \
with room to spare, and the cable tray keeps everything tidy. Assembly took about forty \
minutes with the included tools. The only thing I would change is the finish, which shows \
fingerprints easily. Would buy again and have already recommended it to two colleagues.";
const MEDIUM: &str = "Solid build and a fair price for what you get. Delivery to Fukuoka took \
three days and the box arrived undamaged. It looks exactly like the photos, although the \
colour is a shade darker in daylight. After a month of daily use there are no scratches or \
loose parts, and it still looks new. Happy with it overall.";
const SHORT_MEDIUM: &str = "Does the job well. The instructions were only in Japanese but the \
diagrams were clear enough to follow. It feels sturdy, cleans easily, and fits the space I \
measured for it. Customer support answered a question about spare parts within a day.";
const SHORT: &str = "Good value. Arrived on time, easy to set up, and it matches the rest of \
the room. No complaints after several weeks of use.";
const VERY_LONG: &str = "I compared this with four similar models before buying, and the \
difference shows in the details: the joints are metal rather than plastic, the feet can be \
levelled on an uneven floor, and the materials do not smell when unpacked. Setting it up alone \
was possible but awkward, so plan for a second pair of hands. It has now been in use for half \
a year in a home office that doubles as a guest room, and it has survived being moved around \
more often than it should. The warranty registration was simple and the seller followed up to \
ask whether everything arrived in order. If you need something that will last through a few \
years of work visas and apartment changes, this is a safe choice, and it resells well too.";

pub const REVIEWS: [ReviewRow; 11] = [
    review("1", LONG, "1", "1"),
    review("2", MEDIUM, "1", "2"),
    review("3", SHORT_MEDIUM, "1", "3"),
    review("4", SHORT, "1", "4"),
    review("5", LONG, "2", "5"),
    review("6", MEDIUM, "2", "6"),
    review("7", SHORT_MEDIUM, "2", "1"),
    review("8", SHORT, "2", "2"),
    review("9", SHORT, "3", "3"),
    review("10", SHORT, "4", "4"),
    review("11", VERY_LONG, "4", "5"),
];

/// `topProducts` without an argument returns this many products.
pub const DEFAULT_TOP_PRODUCTS: usize = 5;

pub fn user_by_id(id: &str) -> Option<&'static UserRow> {
    USERS.iter().find(|user| user.id == id)
}

pub fn product_by_upc(upc: &str) -> Option<&'static ProductRow> {
    PRODUCTS.iter().find(|product| product.upc == upc)
}

pub fn review_by_id(id: &str) -> Option<&'static ReviewRow> {
    REVIEWS.iter().find(|review| review.id == id)
}

/// The reviews a user wrote, in id order.
pub fn reviews_by_author(author_id: &str) -> Vec<ReviewRow> {
    REVIEWS
        .into_iter()
        .filter(|review| review.author_id == author_id)
        .collect()
}

/// The reviews of a product, in id order.
pub fn reviews_of_product(upc: &str) -> Vec<ReviewRow> {
    REVIEWS
        .into_iter()
        .filter(|review| review.product_upc == upc)
        .collect()
}

/// Inventory's estimate from the price and weight it is given (`@requires`): free above 1000,
/// otherwise half the weight; unknown when either input is missing.
pub fn shipping_estimate(price: Option<i32>, weight: Option<i32>) -> Option<i32> {
    match (price?, weight?) {
        (price, _) if price > 1000 => Some(0),
        (_, weight) => Some(weight / 2),
    }
}

const fn user(
    id: &'static str,
    name: &'static str,
    username: &'static str,
    birthday: i32,
) -> UserRow {
    UserRow {
        id,
        name,
        username,
        birthday,
    }
}

const fn product(
    upc: &'static str,
    name: &'static str,
    price: i32,
    weight: i32,
    in_stock: bool,
) -> ProductRow {
    ProductRow {
        upc,
        name,
        price,
        weight,
        in_stock,
    }
}

const fn review(
    id: &'static str,
    body: &'static str,
    product_upc: &'static str,
    author_id: &'static str,
) -> ReviewRow {
    ReviewRow {
        id,
        body,
        product_upc,
        author_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_review_points_at_a_real_product_and_author() {
        for review in REVIEWS {
            assert!(product_by_upc(review.product_upc).is_some(), "{review:?}");
            assert!(user_by_id(review.author_id).is_some(), "{review:?}");
        }
    }

    #[test]
    fn shipping_is_free_above_1000_and_half_the_weight_otherwise() {
        assert_eq!(shipping_estimate(Some(899), Some(100)), Some(50));
        assert_eq!(shipping_estimate(Some(1299), Some(1000)), Some(0));
        assert_eq!(shipping_estimate(None, Some(100)), None);
        assert_eq!(shipping_estimate(Some(10), None), None);
    }
}
