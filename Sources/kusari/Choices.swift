// The models, datasets and optimizers the CLI can name.
import Foundation
import Kusari

/// lenet: the seed CNN on (N, 1, 28, 28); mlp: Chainer's example 784-1000-1000-10.
enum ModelName: String, CaseIterable {
    case lenet, mlp

    /// The image rank each model reads: 3 for (1, 28, 28), 1 for (784,).
    var imageNDim: Int { self == .lenet ? 3 : 1 }
}

enum DatasetName: String, CaseIterable {
    case mnist, fashionMNIST = "fashion-mnist"

    func load(ndim: Int) throws -> (train: TupleDataset, test: TupleDataset) {
        switch self {
        case .mnist: try getMNIST(ndim: ndim)
        case .fashionMNIST: try getFashionMNIST(ndim: ndim)
        }
    }

    /// MNIST when it is cached or downloadable, else Fashion-MNIST; says which on stderr.
    static func loadDefault(ndim: Int) throws -> (name: DatasetName, data: (train: TupleDataset, test: TupleDataset)) {
        do {
            return (.mnist, try getMNIST(ndim: ndim, showProgress: true))
        } catch let mnistError {
            do {
                let data = try getFashionMNIST(ndim: ndim)
                standardError("MNIST is not available (\(mnistError)); using Fashion-MNIST instead.")
                return (.fashionMNIST, data)
            } catch {
                throw UsageError("no dataset available. MNIST: \(mnistError) Fashion-MNIST: \(error) "
                    + "Install Debian's dataset-fashion-mnist, or put the MNIST files in $KUSARI_DATASET_ROOT/mnist.")
            }
        }
    }
}

enum OptimizerName: String, CaseIterable {
    case adam, sgd, momentumSGD = "momentum-sgd", nesterov, adagrad, rmsprop, adadelta

    /// The optimizer with Chainer's defaults; `lr` replaces the learning rate (Adam's alpha).
    func make(lr: Double?) throws -> Optimizer {
        switch self {
        case .adam: return lr.map { Adam(alpha: $0) } ?? Adam()
        case .sgd: return lr.map { SGD(lr: $0) } ?? SGD()
        case .momentumSGD: return lr.map { MomentumSGD(lr: $0) } ?? MomentumSGD()
        case .nesterov: return lr.map { NesterovAG(lr: $0) } ?? NesterovAG()
        case .adagrad: return lr.map { AdaGrad(lr: $0) } ?? AdaGrad()
        case .rmsprop: return lr.map { RMSprop(lr: $0) } ?? RMSprop()
        case .adadelta:
            guard lr == nil else { throw UsageError("train: AdaDelta has no learning rate; drop --lr") }
            return AdaDelta()
        }
    }
}

/// The first `limit` examples of `dataset` (all when nil).
func prefix(_ dataset: TupleDataset, _ limit: Int?) -> TupleDataset {
    guard let limit, limit < dataset.count else { return dataset }
    return dataset.prefix(limit)
}

func standardError(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
